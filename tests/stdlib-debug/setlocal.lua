-- debug.setlocal changes locals by index and returns the name, or nothing for a bad index
local function f()
  local a, b = 1, 2
  print(debug.setlocal(1, 2, "two"))
  print(debug.setlocal(1, 10, "ten"))
  return a, b
end
print(f())
local function caller()
  local x = "before"
  local function change() debug.setlocal(2, 1, "after") end
  change()
  return x
end
print(caller())
print(pcall(debug.setlocal, 50, 1, 0))
print(pcall(debug.setlocal, 1, 1))
local co = coroutine.create(function() local z = 1; coroutine.yield(); return z end)
coroutine.resume(co)
print(debug.setlocal(co, 1, 1, 99))
print(coroutine.resume(co))
