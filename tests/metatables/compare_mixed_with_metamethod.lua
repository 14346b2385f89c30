-- order metamethods also run for a table compared with a number
local o = setmetatable({}, {__lt = function(a, b) return type(a) == "number" end})
print(1 < o, o < 1)
