-- table.sort errors: invalid order functions, incomparable values, bad arguments
local t = {}
for i = 1, 20 do t[i] = i % 5 end
print(pcall(table.sort, t, function(a, b) return true end))
print(pcall(table.sort, {1, "x", 2}))
print(pcall(table.sort, {1, {}, 2}))
print(pcall(table.sort, {1, 2, nil, 4}))
print(pcall(table.sort, {3, 2, 1}, 5))
print(pcall(table.sort, nil))
print(pcall(table.sort, {3, 2, 1}, function(a, b) error("cmp " .. a .. b) end))
local big = setmetatable({}, {__len = function() return math.maxinteger end})
print(pcall(table.sort, big))
