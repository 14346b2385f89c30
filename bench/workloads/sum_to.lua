-- sum_to: 1 + 2 + ... + n by non-tail recursion 10,000 calls deep.
-- Measures call frames that pile up on the stack and the stack growing to hold them.
local size = ... or "full"
local depth = ({ tiny = 100, small = 10000, full = 10000 })[size]
local rounds = ({ tiny = 5, small = 30, full = 3000 })[size]

local function sum_to(n)
  if n == 0 then return 0 end
  return n + sum_to(n - 1)
end

local total = 0
for round = 1, rounds do
  total = total + sum_to(depth - round % 3)
end
print(string.format("sum_to total = %d", total))
