-- a Lua hook function cannot yield: the hook is called through a C boundary
local co = coroutine.create(function()
  debug.sethook(function(e, l) print("hook", e, l, pcall(coroutine.yield, "from hook")) end, "l")
  local a = 1
  debug.sethook()
  return "done"
end)
print(coroutine.resume(co))
print(debug.gethook())
local co2 = coroutine.create(function()
  debug.sethook(function(e, l) coroutine.yield("from hook") end, "l")
  local a = 1
  debug.sethook()
  return "done"
end)
print(coroutine.resume(co2))
print(coroutine.status(co2))
