-- utf8.offset refuses out-of-range positions and starting on a continuation byte
local s = "a\u{E9}b"
print(pcall(utf8.offset, s, 1, 3))
print(pcall(utf8.offset, s, -1, 3))
print(pcall(utf8.offset, s, 1, 6))
print(pcall(utf8.offset, s, 1, 0))
print(pcall(utf8.offset, s, 1, -6))
print(pcall(utf8.offset, s))
print(pcall(utf8.offset, s, 1.5))
print(pcall(utf8.offset, s, 1, "x"))
print(utf8.offset(s, 1, 5), utf8.offset(s, 1, -1), utf8.offset(s, 0, 5))
