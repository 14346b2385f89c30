-- table.sort orders numbers and strings ascending by default, mixing integers and floats
local t = {5, 2, 8, 1, 9, 3, 7, 4, 6, 0}
table.sort(t)
print(table.concat(t, " "))
local s = {"pear", "Apple", "banana", "apple", "", "b"}
table.sort(s)
print(table.concat(s, " "))
local m = {3, 1.5, -2, 2^53, -0.5, 1, math.mininteger, math.huge, -math.huge}
table.sort(m)
print(table.concat(m, " "))
local one, none = {42}, {}
table.sort(one); table.sort(none)
print(one[1], #none)
local dup = {3, 1, 3, 2, 1, 3, 2}
table.sort(dup)
print(table.concat(dup, " "))
print(select("#", table.sort({2, 1})))
