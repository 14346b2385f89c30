-- table.concat joins strings and numbers and rejects other values
print(table.concat({1, 2, 3}), table.concat({"a", "b"}, ", "), table.concat({1, 2, 3}, "-", 2, 3))
print(table.concat({}, "x") == "", table.concat({1.5, 2}, " "))
print(pcall(table.concat, {1, {}, 3}))
print(pcall(table.concat, {1, 2}, ",", 1, 3))
