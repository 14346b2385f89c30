-- utf8.len counts characters starting in [i, j] or returns fail and the bad position
local s = "a\u{E9}\u{20AC}\u{1F600}"
print(utf8.len(s), utf8.len(""), utf8.len(s, 2), utf8.len(s, -4), utf8.len(s, 1, 1), utf8.len(s, 5, 4))
print(utf8.len(s, 3), utf8.len(s, 11), utf8.len(s, 1, -1), utf8.len(s, 1, 0))
print(utf8.len("ab\xFFcd"), utf8.len("\x80"), utf8.len("abc\xE2\x82"), utf8.len("\0\0"))
print(pcall(utf8.len, s, 12))
print(pcall(utf8.len, s, 0))
print(pcall(utf8.len, s, 1, 11))
print(pcall(utf8.len, s, -12))
print(utf8.len("", 1), pcall(utf8.len, "", 2))
print(pcall(utf8.len, nil))
print(pcall(utf8.len, s, "x"))
