-- table.move copies a range to another position or table and returns the destination
local function show(t, n) local out = {} for i = 1, n do out[i] = tostring(t[i]) end print(table.concat(out, " ")) end
local t = {1, 2, 3, 4, 5}
show(table.move(t, 1, 3, 3), 5)
t = {1, 2, 3, 4, 5}
show(table.move(t, 3, 5, 1), 5)
t = {1, 2, 3, 4, 5}
show(table.move(t, 2, 4, 2), 5)
local dst = {"x", "y"}
print(table.move({7, 8, 9}, 1, 3, 2, dst) == dst)
show(dst, 4)
show(table.move({1, 2}, 1, 0, 1, {"keep"}), 1)
local neg = table.move({10, 20, 30}, 1, 3, -1, {})
print(neg[-1], neg[0], neg[1], neg[2])
local src = {[0] = "z", "a"}
show(table.move(src, 0, 1, 1, {}), 2)
