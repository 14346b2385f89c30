-- string.byte: default, negative and out-of-range indices, empty results
local s = "Lua\0!"
print(s:byte())
print(s:byte(4), s:byte(-1), s:byte(-5))
print(s:byte(1, -1))
print(s:byte(2, 3))
print(select("#", s:byte(6)), select("#", s:byte(0)), select("#", s:byte(3, 2)))
print(s:byte(-100, 2))
print(s:byte(4, 100))
print(select("#", (""):byte()), select("#", (""):byte(1, -1)))
print(s:byte(math.mininteger, math.maxinteger))
print(("A"):byte(1.0), ("AB"):byte("2"))
