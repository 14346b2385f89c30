-- ackermann: Ackermann's function A(2, n) and A(3, n); deep recursion mixing
-- ordinary calls and tail calls, with call depth in the thousands.
local top = ({ tiny = 4, small = 7, full = 9 })[... or "full"]

local function ack(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ack(m - 1, 1) end
  return ack(m - 1, ack(m, n - 1))
end

local rounds = 2
for n = 1, top do
  local two, three
  for _ = 1, rounds do
    two, three = ack(2, n), ack(3, n)
  end
  print(string.format("A(2,%d) = %d  A(3,%d) = %d", n, two, n, three))
end
