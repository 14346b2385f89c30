-- coroutine.running returns the current thread and whether it is the main one
local main, ismain = coroutine.running()
print(type(main), ismain)
local co
co = coroutine.create(function()
  local me, flag = coroutine.running()
  print(me == co, flag, type(me))
end)
coroutine.resume(co)
local w = coroutine.wrap(function() local t, m = coroutine.running(); return type(t), m end)
print(w())
print(select("#", coroutine.running()))
