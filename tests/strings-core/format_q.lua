-- %q produces a Lua literal that reads back as the same value
local s = "line\nnew \"quoted\" \\ \0 \1 \127 tab\t"
local q = string.format("%q", s)
print(q)
print(load("return " .. q)() == s)
print(string.format("%q %q %q", 1, 1.5, math.mininteger), string.format("%q", 1/0), string.format("%q", -1/0))
print(string.format("%q", 2^63), string.format("%q", 0.1))
