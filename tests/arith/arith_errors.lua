-- arithmetic on values that are not numbers names the variable
local t = {}
local s = "x"
print(pcall(function() return t + 1 end))
print(pcall(function() return 1 - s end))
print(pcall(function() return -{} end))
print(pcall(function() return t.x * 2 end))
print(pcall(function() return undefinedvar / 2 end))
print(pcall(function() return 2 ^ true end))
print(pcall(function() return "10" % {} end))
