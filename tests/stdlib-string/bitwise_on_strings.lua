-- strings have no bitwise metamethods: bitwise operators on strings are errors
print(pcall(function() return "3" & 1 end))
print(pcall(function() return 1 | "6" end))
print(pcall(function() return ~"0" end))
print(pcall(function() local s = "1" return s << 4 end))
print(pcall(function() return "3.5" ~ 1 end))
print(getmetatable("").__band, getmetatable("").__shl, getmetatable("").__bnot)
print(pcall(function() return "3" & setmetatable({}, { __band = function() return "meta" end }) end))
