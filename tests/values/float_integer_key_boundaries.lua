-- floats convert to integer keys only when exact; 2^63 stays a float key
local t = {}
t[2^63] = "float key"
t[math.maxinteger] = "max"
t[2^53] = "2^53"
print(t[2^63], t[math.maxinteger], t[9007199254740992], t[2^53 + 1.0])
print(math.type(next({[2^62] = 1})), math.type(next({[-2^63] = 1})))
