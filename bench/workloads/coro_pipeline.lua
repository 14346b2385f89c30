-- coro_pipeline: a chain of generator coroutines (source -> filter -> map -> take)
-- feeding a consumer, every value passing through four resume/yield pairs.
-- Measures coroutine switches and coroutine.wrap calls.
local n = ({ tiny = 1000, small = 30000, full = 1500000 })[... or "full"]

local function numbers(limit)
  return coroutine.wrap(function()
    for i = 1, limit do coroutine.yield(i) end
  end)
end

local function filter(source, keep)
  return coroutine.wrap(function()
    for value in source do
      if keep(value) then coroutine.yield(value) end
    end
  end)
end

local function map(source, f)
  return coroutine.wrap(function()
    for value in source do coroutine.yield(f(value)) end
  end)
end

local function take(source, count)
  return coroutine.wrap(function()
    local taken = 0
    for value in source do
      if taken == count then return end
      taken = taken + 1
      coroutine.yield(value)
    end
  end)
end

local pipeline = take(map(filter(numbers(n), function(x) return x % 3 ~= 0 end),
  function(x) return x * x % 10007 end), n)
local sum, count = 0, 0
for value in pipeline do
  sum = sum + value
  count = count + 1
end
print(string.format("coro_pipeline: %d values, sum %d", count, sum))
