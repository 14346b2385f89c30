-- utf8.offset finds the byte position of the n-th character from position i
local s = "a\u{E9}\u{20AC}\u{1F600}z"
print(utf8.offset(s, 1), utf8.offset(s, 2), utf8.offset(s, 3), utf8.offset(s, 4), utf8.offset(s, 5), utf8.offset(s, 6))
print(utf8.offset(s, 7), utf8.offset(s, 8), utf8.offset(s, -1), utf8.offset(s, -2), utf8.offset(s, -5), utf8.offset(s, -6))
print(utf8.offset(s, 0, 3), utf8.offset(s, 0, 4), utf8.offset(s, 0, 8), utf8.offset(s, 0, 1), utf8.offset(s, 0, 12))
print(utf8.offset(s, 1, 4), utf8.offset(s, 2, 4), utf8.offset(s, -1, 4), utf8.offset(s, -1, 12), utf8.offset(s, 1, 12))
print(utf8.offset("", 1), utf8.offset("", -1), utf8.offset("", 0), utf8.offset("abc", 0))
print(utf8.offset("\x80\x80", 0, 2), utf8.offset("ab", 1, -1), utf8.offset("ab", -1, -1))
