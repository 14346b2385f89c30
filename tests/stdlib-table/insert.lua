-- table.insert appends or inserts at a position, shifting the elements up
local t = {}
table.insert(t, "a")
table.insert(t, "c")
table.insert(t, 2, "b")
table.insert(t, 1, "start")
table.insert(t, #t + 1, "end")
print(#t, table.concat(t, " "))
print(select("#", table.insert(t, "x")))
table.insert(t, 3.0, "f")
print(table.concat(t, " "))
local e = {}
table.insert(e, 1, "only")
print(#e, e[1])
table.insert(t, nil)
print(#t)
