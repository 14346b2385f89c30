-- field_many: reads and writes the same fields across a thousand tables of one shape
-- (built by one constructor). Measures field access when the object changes every
-- time but its layout does not.
local rounds = ({ tiny = 2, small = 300, full = 12000 })[... or "full"]
local count = 1000

local points = {}
for i = 1, count do
  points[i] = { x = i, y = i * 2 % 97, z = i * 3 % 89, weight = i % 7 + 1 }
end

local checksum = 0
for round = 1, rounds do
  local sum = 0
  for i = 1, count do
    local point = points[i]
    sum = sum + (point.x + point.y + point.z) * point.weight
    point.x = (point.x + round) % 1000
  end
  checksum = (checksum + sum) % 1000000007
end
print(string.format("field_many checksum = %d", checksum))
