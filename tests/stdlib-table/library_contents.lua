-- the table library holds exactly the 5.4 functions (no getn, setn, maxn or foreach)
local keys = {}
for k, v in pairs(table) do keys[#keys + 1] = k .. ":" .. type(v) end
table.sort(keys)
print(table.concat(keys, " "))
print(table.getn, table.maxn, table.foreach)
