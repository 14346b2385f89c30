-- the debug table holds the 5.4 functions
local keys = {}
for k, v in pairs(debug) do keys[#keys + 1] = k .. ":" .. type(v) end
table.sort(keys)
print(table.concat(keys, " "))
