-- print does not call the global tostring in Lua 5.4
local old = tostring
tostring = function() return "replaced" end
print(1, "x")
tostring = old
print(2)
