-- string.find with plain = true takes the pattern literally
local s = "a.b*c%d[e]f(g)^$"
print(s:find(".", 1, true), s:find("*", 1, true), s:find("%d", 1, true))
print(s:find("[e]", 1, true), s:find("(g)", 1, true), s:find("^$", 1, true))
print(s:find("."), s:find("%d"))
print(("hello"):find("l", 1, true), ("hello"):find("xyz", 1, true))
print(("hello"):find("", 1, true), ("hello"):find("", 10, true))
print(("a\0b\0c"):find("\0c", 1, true), ("a\0b"):find("\0", 1, true))
print(("abc"):find("b", 1, false), ("abc"):find("b", 1, nil), ("a.c"):find(".", 2, 1))
