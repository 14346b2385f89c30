-- fib: the naive doubly recursive Fibonacci number.
-- Measures Lua-to-Lua calls and returns, a comparison and integer addition.
local size = ... or "full"
local n = ({ tiny = 15, small = 24, full = 32 })[size]
local rounds = ({ tiny = 1, small = 1, full = 4 })[size]

local function fib(k)
  if k < 2 then return k end
  return fib(k - 1) + fib(k - 2)
end

local result
for _ = 1, rounds do result = fib(n) end
print(string.format("fib(%d) = %d", n, result))
