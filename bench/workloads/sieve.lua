-- sieve: the sieve of Eratosthenes over a boolean array, counting primes.
-- Measures numeric for loops with steps and array stores.
local size = ... or "full"
local limit = ({ tiny = 1000, small = 100000, full = 1000000 })[size]
local rounds = ({ tiny = 1, small = 2, full = 12 })[size]

local function count_primes(n)
  local composite = {}
  for i = 1, n do composite[i] = false end
  local count = 0
  for i = 2, n do
    if not composite[i] then
      count = count + 1
      for multiple = i * i, n, i do composite[multiple] = true end
    end
  end
  return count
end

local count
for _ = 1, rounds do count = count_primes(limit) end
print(string.format("primes below %d: %d", limit, count))
