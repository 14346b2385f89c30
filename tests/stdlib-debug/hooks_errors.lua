-- sethook argument errors; hooks are per thread; an error raised by a hook propagates
print(pcall(debug.sethook, 1, "c"))
print(pcall(debug.sethook, 1, "c", "x"))
print(pcall(debug.sethook, print, 1))
debug.sethook()
print(pcall(debug.sethook, print))
print(pcall(debug.sethook, print, "c", "x"))
local co = coroutine.create(function() return debug.gethook() end)
debug.sethook(co, print, "c")
print(debug.gethook())
local f, m = debug.gethook(co)
print(f == print, m)
debug.sethook(co)
print(debug.gethook(co))
local fired = false
local function boom() if not fired then fired = true; error("hook failed") end end
local ok, e = pcall(function()
  debug.sethook(boom, "l")
  local x = 1
  return x
end)
debug.sethook()
print(ok, e)
