-- string.sub: negative indices, clipping, empty results and extreme integers
local s = "abcdef"
print(s:sub(1), s:sub(3), s:sub(-2), s:sub(2, 3), s:sub(-3, -2))
print(s:sub(0) == s, s:sub(-10) == s, s:sub(4, 100), s:sub(7) == "", s:sub(3, 2) == "")
print(s:sub(0, 0) == "", s:sub(1, 0) == "", s:sub(-1, -1), s:sub(-6, 1), s:sub(-7, 1))
print(s:sub(math.mininteger), s:sub(math.maxinteger) == "", s:sub(2, math.mininteger) == "")
print(s:sub(math.mininteger, math.maxinteger), s:sub(3, math.maxinteger))
print((""):sub(1) == "", (""):sub(-1, 1) == "", ("a\0b"):sub(2, 2) == "\0")
print(s:sub(2.0, "3"), string.sub(12345, 2, -2))
