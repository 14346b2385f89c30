-- fib_tail: Fibonacci numbers (modulo a prime) by an accumulating tail-recursive function.
-- Measures proper tail calls, which must reuse the caller's frame.
local size = ... or "full"
local depth = ({ tiny = 500, small = 5000, full = 10000 })[size]
local rounds = ({ tiny = 10, small = 80, full = 2500 })[size]
local modulus = 1000000007

local function fib(k, a, b)
  if k == 0 then return a end
  return fib(k - 1, b, (a + b) % modulus)
end

local checksum = 0
for round = 1, rounds do
  checksum = (checksum + fib(depth + round % 7, 0, 1)) % modulus
end
print(string.format("fib_tail checksum = %d", checksum))
