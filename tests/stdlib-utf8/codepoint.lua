-- utf8.codepoint returns the code points of the characters starting in [i, j]
local s = "a\u{E9}\u{20AC}\u{1F600}"
print(utf8.codepoint(s), utf8.codepoint(s, 2), utf8.codepoint(s, 1, -1))
print(utf8.codepoint(s, 4), utf8.codepoint(s, -4), utf8.codepoint(s, 2, 3))
print(select("#", utf8.codepoint(s, 3, 2)), select("#", utf8.codepoint("", 1, 0)))
print(utf8.codepoint(s, 1, 2), utf8.codepoint("\0"), utf8.codepoint(s, -1 - 3, -1))
print(pcall(utf8.codepoint, s, 3))
print(pcall(utf8.codepoint, s, 1, 3))
print(pcall(utf8.codepoint, s, 0))
print(pcall(utf8.codepoint, s, 1, 100))
print(pcall(utf8.codepoint, "", 1))
print(pcall(utf8.codepoint, s, 12))
print(pcall(utf8.codepoint, s, -100))
print(pcall(utf8.codepoint, {}))
