-- coro_short: creates many short-lived coroutines that yield a few times and finish,
-- resuming them with coroutine.resume and checking coroutine.status. Measures
-- coroutine creation, first resume and collection of dead coroutines.
local n = ({ tiny = 1000, small = 20000, full = 1000000 })[... or "full"]

local function worker(first, second)
  local third = coroutine.yield(first + second)
  local fourth = coroutine.yield(first * third)
  return first + second + third + fourth
end

local total, finished = 0, 0
for i = 1, n do
  local co = coroutine.create(worker)
  local _, a = coroutine.resume(co, i % 100, 7)
  local _, b = coroutine.resume(co, 3)
  local _, c = coroutine.resume(co, i % 11)
  if coroutine.status(co) == "dead" then finished = finished + 1 end
  total = (total + a + b + c) % 1000000007
end
print(string.format("coro_short: %d finished, total %d", finished, total))
