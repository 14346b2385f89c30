-- list_ops: builds arrays, maps and filters them with generic helpers that append
-- with t[#t + 1]. Measures array appends, the length operator and calls of callbacks.
local size = ... or "full"
local length = ({ tiny = 100, small = 10000, full = 100000 })[size]
local rounds = ({ tiny = 3, small = 10, full = 50 })[size]

local function range(n)
  local result = {}
  for i = 1, n do result[#result + 1] = i end
  return result
end

local function map(items, f)
  local result = {}
  for i = 1, #items do result[#result + 1] = f(items[i]) end
  return result
end

local function filter(items, keep)
  local result = {}
  for i = 1, #items do
    local item = items[i]
    if keep(item) then result[#result + 1] = item end
  end
  return result
end

local function sum(items)
  local total = 0
  for i = 1, #items do total = total + items[i] end
  return total
end

local checksum = 0
for round = 1, rounds do
  local numbers = range(length)
  local squares = map(numbers, function(x) return (x * x + round) % 1000 end)
  local evens = filter(squares, function(x) return x % 2 == 0 end)
  checksum = checksum + #evens + sum(evens)
end
print(string.format("list_ops checksum = %d", checksum))
