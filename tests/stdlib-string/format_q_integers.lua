-- %q writes integers as decimal literals, the minimum integer in hexadecimal
local f = string.format
print(f("%q %q %q %q", 0, 1, -1, 42))
print(f("%q", math.maxinteger), f("%q", math.mininteger), f("%q", math.mininteger + 1))
print(load("return " .. f("%q", math.mininteger))() == math.mininteger)
print(math.type(load("return " .. f("%q", math.mininteger))()))
