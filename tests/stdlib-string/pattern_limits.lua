-- too many captures and too deep matching are reported, not crashed on
print(pcall(string.find, "a", string.rep("()", 32)))
print(select("#", string.find("a", string.rep("()", 31))))
print(pcall(string.match, "a", string.rep("(", 33) .. "a" .. string.rep(")", 33)))
print(pcall(string.find, string.rep("a", 300), string.rep("a?", 300)))
print(pcall(string.find, "x", string.rep("(x?)", 20)))
local ok, e = pcall(string.match, string.rep("a", 250), string.rep("(a", 250) .. string.rep(")", 250))
print(ok, e)
