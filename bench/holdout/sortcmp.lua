-- sortcmp: table.sort of 200,000 integers with a Lua comparator and of their decimal strings with the default order.
local seed = 5
local a, b = {}, {}
for i = 1, 200000 do seed = (seed * 16807) % 2147483647; a[i] = seed; b[i] = tostring(seed) end
table.sort(a, function(x, y) return x > y end)
table.sort(b)
print(a[1], a[#a], b[1], b[#b])
