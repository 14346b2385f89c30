-- nsievebits: the nsieve-bits benchmark, a sieve of Eratosthenes over bit arrays packed 32 bits to an integer, for three sizes: &, |, ~, <<, >> on integers, strided loops.
local function nsieve(m)
  local words = (m >> 5) + 1
  local bits = {}
  for w = 1, words do bits[w] = 0xFFFFFFFF end
  local count = 0
  for i = 2, m do
    if bits[(i >> 5) + 1] & (1 << (i & 31)) ~= 0 then
      count = count + 1
      for j = i + i, m, i do
        local w = (j >> 5) + 1
        bits[w] = bits[w] & ~(1 << (j & 31))
      end
    end
  end
  -- a check over the packed words: set bits must number count + 2 (0 and 1 were never cleared)
  -- minus the bits past m in the last word, which were never touched either
  local pop = 0
  for w = 1, words do
    local v = bits[w]
    while v ~= 0 do v = v & (v - 1); pop = pop + 1 end
  end
  local spare = 32 * words - 1 - m
  local hash = 0
  for w = 1, words, 97 do hash = (hash ~ bits[w]) * 31 % 4294967296 | (w & 1) end
  return count, pop - 2 - spare, hash
end

local n = 8
for k = 0, 2 do
  local m = (1 << (n - k)) * 10000
  local count, pop, hash = nsieve(m)
  print(string.format("Primes up to %8d %8d  (bits %d, hash %08x)", m, count, pop, hash))
end
