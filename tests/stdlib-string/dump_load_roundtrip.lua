-- string.dump produces a binary chunk that load runs again
local function add(a, b) return a + b, "sum" end
local d = string.dump(add)
print(type(d), d:sub(1, 4) == "\27Lua", d:byte(5))
local f = load(d, "dumped", "b")
print(f(2, 3))
print(load(d, "dumped", "t"))
local stripped = string.dump(add, true)
print(#stripped < #d, load(stripped)(10, 20))
local g = load(string.dump(function(...) return select("#", ...), ... end))
print(g("a", nil, 3))
