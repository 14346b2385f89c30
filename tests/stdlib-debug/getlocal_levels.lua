-- debug.getlocal levels: 0 is getlocal itself, out-of-range levels are argument errors
print(debug.getlocal(0, 1))
print(pcall(debug.getlocal, 50, 1))
print(pcall(debug.getlocal, -1, 1))
print(pcall(debug.getlocal, 1))
print(pcall(debug.getlocal, "x", 1))
print(pcall(debug.getlocal, {}, 1))
local function outer()
  local secret = "outer's"
  local function inner() return debug.getlocal(2, 1) end
  local r1, r2 = inner()
  return r1, r2
end
print(outer())
local co = coroutine.create(function(p) local q = p * 2; coroutine.yield() end)
coroutine.resume(co, 21)
print(debug.getlocal(co, 1, 1), debug.getlocal(co, 1, 2))
print(pcall(debug.getlocal, co, 5, 1))
