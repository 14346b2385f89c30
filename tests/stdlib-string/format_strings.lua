-- %s with width and precision, and conversion of non-strings with tostring
local f = string.format
print(f("[%s][%10s][%-10s][%.2s][%5.1s][%-5.3s]", "abc", "abc", "abc", "abc", "abc", "abcdef"))
print(f("%s %s %s %s %s", 1, 1.5, true, nil, -0.0))
local obj = setmetatable({}, { __tostring = function() return "OBJ" end })
print(f("%s|%5s|%.1s", obj, obj, obj))
local named = setmetatable({}, { __name = "MyType" })
print((f("%s", named):gsub("0x%x+", "ADDR"):gsub(": [%x]+$", ": ADDR")))
print(f("%s", "a\0b") == "a\0b", #f("%s%s", "\0", "\0"))
print(pcall(f, "%10s", "a\0b"))
print(pcall(f, "%s", setmetatable({}, { __tostring = function() return 1 end })))
print(f("%.0s|%.20s|", "abc", "abc"), f("%s", ("x"):rep(200)):len())
