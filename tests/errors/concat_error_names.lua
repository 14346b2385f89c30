-- concatenation errors name the offending variable when it is known
local l
local t = {}
print(pcall(function() return "a" .. l end))
print(pcall(function() local x; return x .. "a" end))
print(pcall(function() return "a" .. t.f end))
print(pcall(function() return "a" .. {} end))
print(pcall(function() return 1 .. print end))
