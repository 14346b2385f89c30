-- tables, functions and booleans are keys by identity
local k1, k2 = {}, {}
local t = {[k1] = 1, [k2] = 2, [print] = 3, [true] = 4, [false] = 5}
print(t[k1], t[k2], t[{}], t[print], t[true], t[false])
