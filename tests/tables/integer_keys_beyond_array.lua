-- integer keys work at any position, negative and huge ones included
local t = {}
t[-1] = "neg"; t[0] = "zero"; t[math.maxinteger] = "max"; t[math.mininteger] = "min"
print(t[-1], t[0], t[math.maxinteger], t[math.mininteger], #t)
