-- arithmetic on a numeric string and a table with metamethods uses the table's
local obj = setmetatable({}, {__add = function(a, b) return "table add" end})
print("10" + obj, obj + "10")
print("10" + 5)
