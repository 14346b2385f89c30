-- pairs_iter: iterates with pairs over a hash table with string keys and over a
-- mixed table, and with ipairs over an array. Measures next/pairs/ipairs iteration.
local rounds = ({ tiny = 1, small = 5, full = 150 })[... or "full"]
local count = 20000

local by_name, mixed, array = {}, {}, {}
for i = 1, count do
  by_name["key" .. i] = i
  array[i] = i % 17
  if i % 2 == 0 then mixed[i] = i else mixed["k" .. i] = i end
end

local checksum = 0
for _ = 1, rounds do
  local sum, keys = 0, 0
  for _, value in pairs(by_name) do sum = sum + value end
  for key, value in pairs(mixed) do
    if type(key) == "string" then keys = keys + 1 end
    sum = sum + value
  end
  for index, value in ipairs(array) do sum = sum + index * value end
  checksum = (checksum + sum + keys) % 1000000007
end
print(string.format("pairs_iter checksum = %d", checksum))
