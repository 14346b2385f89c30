-- table.move copies ranges, overlapping ones included
local t = {1, 2, 3, 4, 5}
table.move(t, 1, 3, 3)
print(table.concat(t, ","))
local u = table.move({1, 2, 3}, 1, 3, 1, {})
print(table.concat(u, ","))
print(pcall(table.move, {}, 1, math.maxinteger, 2))
