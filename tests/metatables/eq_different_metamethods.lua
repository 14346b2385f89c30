-- __eq is taken from the first operand, or else from the second
local a = setmetatable({}, {__eq = function() return true end})
local b = setmetatable({}, {__eq = function() return false end})
print(a == b, b == a, a == {}, {} == a)
