-- metamethods are looked up raw in the metatable, not through its __index
local mt = setmetatable({}, {__index = {__add = function() return "inherited" end}})
local o = setmetatable({}, mt)
print(pcall(function() return o + 1 end))
