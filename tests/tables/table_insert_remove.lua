-- table.insert and table.remove shift elements and check positions
local t = {1, 2, 3}
table.insert(t, 4); table.insert(t, 1, 0)
print(table.concat(t, ","), table.remove(t), table.remove(t, 1), table.concat(t, ","))
print(pcall(table.insert, t, 10, 5))
print(pcall(table.insert, t, 1, 2, 3))
print(table.remove({}), #t, table.remove(t, #t + 1))
