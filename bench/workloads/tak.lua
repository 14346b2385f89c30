-- tak: the Takeuchi function, the classic benchmark of deep non-tail recursion
-- with three arguments (TAK(18, 12, 6) makes 63,609 calls).
local rounds = ({ tiny = 1, small = 10, full = 600 })[... or "full"]

local function tak(x, y, z)
  if y >= x then return z end
  return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y))
end

local total = 0
for round = 1, rounds do
  total = total + tak(18, 12, 6 + round % 2)
end
print(string.format("tak total = %d", total))
