-- calling nil names the function expression
local obj = {}
local up
print(pcall(function() undefinedfn() end))
print(pcall(function() obj.method() end))
print(pcall(function() obj:method() end))
print(pcall(function() local f; f() end))
print(pcall(function() up() end))
print(pcall(function() obj[1]() end))
print(pcall(function() ("x")() end))
