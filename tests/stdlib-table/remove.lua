-- table.remove takes the last or a given element, shifting down; edge positions #t+1 and 0
local t = {"a", "b", "c", "d"}
print(table.remove(t), #t)
print(table.remove(t, 1), table.concat(t, ","))
print(table.remove(t, #t + 1), #t)
local e = {}
print(table.remove(e), table.remove(e, 0), table.remove(e, #e), #e)
print(select("#", table.remove({})))
local z = {[0] = "zero"}
print(table.remove(z, 0), z[0])
local one = {"x"}
print(table.remove(one, 1), #one, one[1])
local h = {n = 1, [1] = "p", [2] = "q"}
print(table.remove(h, 1), h[1], h[2])
print(pcall(table.remove, {1, 2, 3}, 7))
print(pcall(table.remove, {1, 2, 3}, -1))
print(pcall(table.remove, {}, -1))
print(pcall(table.remove, {}, 1), pcall(table.remove, {}, 2))
print(pcall(table.remove, {1}, "x"))
print(pcall(table.remove))
