-- Issue 4's coroutine check: create a million coroutines, resume each to its yield
-- and on to its return, and let the collector take them. Time it against the
-- reference: `/usr/bin/time -f "%e s %M KB" BIN bench/coro_million.lua [count]`.
local count = tonumber(... or nil) or 1000000
local n = 0
for i = 1, count do
  local co = coroutine.create(function(a) local b = coroutine.yield(a + 1) return b * 2 end)
  local _, x = coroutine.resume(co, i)
  local _, y = coroutine.resume(co, x)
  n = n + y
end
print(n)
