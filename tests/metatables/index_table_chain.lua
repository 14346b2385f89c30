-- __index tables are searched in a chain until a value is found
local base = {greet = "hello"}
local mid = setmetatable({level = "mid"}, {__index = base})
local obj = setmetatable({}, {__index = mid})
print(obj.greet, obj.level, obj.missing, rawget(obj, "greet"))
