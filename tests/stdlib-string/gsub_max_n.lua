-- the fourth argument limits how many replacements gsub makes
local s = "a a a a"
print(s:gsub("a", "b", 0))
print(s:gsub("a", "b", 1))
print(s:gsub("a", "b", 3))
print(s:gsub("a", "b", 100))
print(s:gsub("a", "b", -1))
print(s:gsub("a", "b", 2.0))
print(s:gsub("a", "b", "2"))
print(pcall(string.gsub, s, "a", "b", 1.5))
print(pcall(string.gsub, s, "a", "b", "x"))
print(s:gsub("a", "b", nil))
print(s:gsub("", "-", 3))
