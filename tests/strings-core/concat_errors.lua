-- concatenating nil, booleans or tables names the offending value
local t = {}
print(pcall(function() return "a" .. nil end))
print(pcall(function() return "a" .. undefinedname end))
print(pcall(function() return t .. "x" end))
print(pcall(function() return "x" .. t.field end))
print(pcall(function() return true .. "" end))
print(pcall(function() local a, b = "x", {} return a .. b .. "y" end))
