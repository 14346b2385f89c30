-- strings share a metatable whose __index is the string table
print(("abc"):upper(), ("x"):rep(3, ","), ("hello"):sub(2, -2), ("%d"):format(42))
local s = "text"
print(s:len(), s.len == string.len, getmetatable("").__index == string)
print(pcall(function() return s:nomethod() end))
print(pcall(function() return ("x").y.z end))
