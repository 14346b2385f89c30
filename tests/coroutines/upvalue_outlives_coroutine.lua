-- a closure keeps the value of a local it captured in a suspended coroutine that was collected
local co = coroutine.create(function()
  local x = nil
  local f = function() return x[1] end
  x = coroutine.yield(f)
  coroutine.yield()
end)
local _, f = coroutine.resume(co)
coroutine.resume(co, {123})
co = nil
collectgarbage()
collectgarbage()
print(f())
local t = {}
for i = 1, 1000 do t[i] = {i} end
collectgarbage()
print(f())
