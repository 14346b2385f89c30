-- calling a method on nil names the receiver
local obj
print(pcall(function() obj:go() end))
print(pcall(function() local s = "str"; s:nomethod() end))
print(pcall(function() string.nofunction() end))
