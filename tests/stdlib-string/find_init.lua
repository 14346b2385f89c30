-- the init argument of find/match: negative counts from the end, past the end fails
local s = "abcabc"
print(s:find("b"), s:find("b", 3), s:find("b", -2), s:find("b", -100))
print(s:find("b", 6), s:find("b", 7), s:find("", 7), s:find("", 8))
print(s:find("", 0), s:find("", -1))
print(s:match("c", 4), s:match(".", -1), s:match("", 7), s:match("", 8))
print(s:find("^b", 2), s:match("^b", 2), s:find("^b", 3))
print(("").find("", ""), ("").find("", "", 1), ("").find("", "", 2))
