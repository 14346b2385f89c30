-- "1" and 1 are different keys
local t = {}
t[1] = "number"; t["1"] = "string"
print(t[1], t["1"], t[1.0], t["1.0"])
