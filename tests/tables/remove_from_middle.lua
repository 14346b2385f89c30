-- table.remove from the middle shifts the rest down; a bad position is an error naming "remove"
local t = {"a", "b", "c", "d", "e"}
print(table.remove(t, 2), table.concat(t, ","), #t)
print(table.remove(t, #t), table.concat(t, ","), #t)
print(table.remove(t, 1), table.concat(t, ","), #t)
print(pcall(table.remove, t, 7))
print(#t, table.remove(t, 3), #t)
table.remove(t, 0)
