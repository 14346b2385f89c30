-- fold: higher-order left folds over an array with different combining functions,
-- some of them closures. Measures calls through function values in a tight loop.
local size = ... or "full"
local length = ({ tiny = 100, small = 10000, full = 100000 })[size]
local rounds = ({ tiny = 2, small = 10, full = 80 })[size]

local function fold(items, combine, initial)
  local accumulator = initial
  for i = 1, #items do accumulator = combine(accumulator, items[i]) end
  return accumulator
end

local function add(a, b) return a + b end
local function max(a, b) if b > a then return b end return a end

local items = {}
for i = 1, length do items[i] = (i * 7919) % 10007 end

local checksum = 0
for round = 1, rounds do
  local threshold = round % 5000
  local count_above = function(count, x)
    if x > threshold then return count + 1 end
    return count
  end
  local polynomial = function(acc, x) return (acc * 31 + x) % 1000000007 end
  checksum = checksum + fold(items, add, 0) + fold(items, max, 0)
    + fold(items, count_above, 0) + fold(items, polynomial, round)
end
print(string.format("fold checksum = %d", checksum))
