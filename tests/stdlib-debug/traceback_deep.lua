-- long tracebacks keep the first 10 and last 11 levels and say how many they skip
local function deep(n)
  if n == 0 then return debug.traceback("deep") end
  local r = deep(n - 1)
  return r
end
print(deep(30))
print((deep(8):gsub("\n", " | ")))
local co = coroutine.create(function()
  local function d(n) if n == 0 then coroutine.yield() else d(n - 1) end end
  d(25)
end)
coroutine.resume(co)
print(debug.traceback(co, "coroutine"))
print(debug.traceback(co, "from level 12", 12))
