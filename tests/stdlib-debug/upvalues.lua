-- debug.getupvalue and setupvalue read and write upvalues by index; C functions have unnamed ones
local x, y = 10, 20
local function f() return x + y end
print(debug.getupvalue(f, 1))
print(debug.getupvalue(f, 2))
print(debug.getupvalue(f, 3))
print(debug.getupvalue(f, 0))
print(debug.setupvalue(f, 2, 5), f(), y)
print(debug.setupvalue(f, 3, 5))
local chunk = load("return a")
print(debug.getupvalue(chunk, 1) == "_ENV", select(2, debug.getupvalue(chunk, 1)) == _G)
debug.setupvalue(chunk, 1, {a = "from new env"})
print(chunk())
local w = coroutine.wrap(function() end)
print(debug.getupvalue(w, 1), type(select(2, debug.getupvalue(w, 1))))
print(debug.getupvalue(string.gmatch("a", "a"), 1))
print(pcall(debug.getupvalue, 1, 1))
print(pcall(debug.getupvalue, f))
print(pcall(debug.setupvalue, f, 1))
