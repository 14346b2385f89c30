-- load of a dumped function sets its first upvalue to the environment, the others to nil
local x, y = 10, 20
local function f() return print ~= nil end
print(load(string.dump(f))())
local function g() return x, y end
local a, b = load(string.dump(g))()
print(type(a), a == _G, b)
local env = {}
local c, d = load(string.dump(g), "g", "b", env)()
print(c == env, d)
