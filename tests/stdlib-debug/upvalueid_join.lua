-- debug.upvalueid identifies shared upvalues; upvaluejoin makes one closure use another's upvalue
local a, b = 1, 2
local function f() return a end
local function g() return a, b end
print(debug.upvalueid(f, 1) == debug.upvalueid(g, 1), debug.upvalueid(f, 1) == debug.upvalueid(g, 2))
print(type(debug.upvalueid(f, 1)))
debug.upvaluejoin(f, 1, g, 2)
print(f(), debug.upvalueid(f, 1) == debug.upvalueid(g, 2))
b = 7
print(f(), g())
print(pcall(debug.upvalueid, f, 2))
print(pcall(debug.upvalueid, f, 0))
print(pcall(debug.upvalueid, print, 1))
print(type(debug.upvalueid(string.gmatch("x", "x"), 1)))
print(pcall(debug.upvaluejoin, f, 2, g, 1))
print(pcall(debug.upvaluejoin, f, 1, g, 3))
print(pcall(debug.upvaluejoin, print, 1, g, 1))
print(pcall(debug.upvaluejoin, f, 1, print, 1))
print(pcall(debug.upvaluejoin, f, 1, 2, 1))
print(pcall(debug.upvalueid, {}, 1))
