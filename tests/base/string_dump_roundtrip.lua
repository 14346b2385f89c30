-- string.dump produces a binary chunk that load runs again
local function f(a) return a * 3, "ok" end
local g = load(string.dump(f))
print(g(5))
print(pcall(string.dump, print))
