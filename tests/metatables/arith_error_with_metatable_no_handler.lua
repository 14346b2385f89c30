-- a metatable without the needed metamethod still gives an arithmetic error
local o = setmetatable({}, {__index = {}})
print(pcall(function() return o + 1 end))
print(pcall(function() return o < 1 end))
print(pcall(function() return o .. "" end))
