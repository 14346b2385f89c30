-- an __index loop stops with a "chain too long" error
local a, b = {}, {}
setmetatable(a, {__index = b})
setmetatable(b, {__index = a})
print(pcall(function() return a.x end))
local c = {}
setmetatable(c, {__newindex = c})
print(pcall(function() c.x = 1 end))
