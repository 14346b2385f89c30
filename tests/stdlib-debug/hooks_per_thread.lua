-- hooks belong to one thread: a coroutine created under a hook inherits its mask but calls no function
local log = {}
local function h(event, line) log[#log + 1] = event .. (line and ":" .. line or "") end
debug.sethook(h, "l")
local co = coroutine.create(function()
  local x = 1
  coroutine.yield()
  return x
end)
debug.sethook()
local f, mask, count = debug.gethook(co)
print(f, mask, count)
coroutine.resume(co)
coroutine.resume(co)
print(table.concat(log, " "))
log = {}
debug.sethook(h, "cr")
local w = coroutine.wrap(function(a) coroutine.yield(a); return 2 end)
w(1)
w()
debug.sethook()
print(table.concat(log, " "))
log = {}
local fresh = coroutine.create(function() local y = 2; return y end)
debug.sethook(fresh, h, "l")
coroutine.resume(fresh)
print(table.concat(log, " "), debug.gethook())
