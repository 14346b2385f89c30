-- table.sort orders numbers and strings, with or without a comparison function
local t = {5, 2, 8, 1, 9, 3}
table.sort(t)
print(table.concat(t, " "))
table.sort(t, function(a, b) return a > b end)
print(table.concat(t, " "))
local s = {"pear", "apple", "fig"}
table.sort(s)
print(table.concat(s, " "))
print(pcall(table.sort, {"x", 1}))
