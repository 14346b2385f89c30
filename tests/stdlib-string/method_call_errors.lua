-- errors in method calls on strings count arguments from the method's first explicit one
local s = "abc"
print(pcall(function() return s:rep({}) end))
print(pcall(function() return s:sub() end))
print(pcall(function() return s:byte("x") end))
print(pcall(function() return s:find({}) end))
print(pcall(function() return s:format(1) end))
print(pcall(function() return ("%d"):format("x") end))
print(pcall(function() return string.rep(s, {}) end))
