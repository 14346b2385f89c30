-- __name gives the type name used in argument errors
local o = setmetatable({}, {__name = "MyType"})
print(pcall(math.floor, o))
print(pcall(string.rep, o))
print((tostring(o):gsub("0x%x+", "ADDR"):gsub(": [%x]+$", ": ADDR")))
