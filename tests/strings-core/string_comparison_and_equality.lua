-- string equality and ordering do not depend on how strings were built
local a = string.rep("a", 50)
local b = string.rep("a", 49) .. "a"
print(a == b, a < b .. "a", a .. "b" > b, ("abc"):sub(1, 2) == "ab")
