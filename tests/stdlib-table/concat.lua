-- table.concat joins strings and numbers with a separator over a range
local t = {1, 2.5, "x", -0.0, 10 // 1, 2^63}
print(table.concat(t))
print(table.concat(t, ", "))
print(table.concat(t, "-", 2, 4))
print(table.concat(t, "-", 3))
print("[" .. table.concat({}, "x") .. "]", "[" .. table.concat(t, "x", 4, 3) .. "]")
print(table.concat({"a"}, "sep"), table.concat({"a", "b"}, 7), table.concat({"a", "b"}, 1.5))
print(table.concat({[-1] = "m", [0] = "z", "a"}, ",", -1, 1))
print(table.concat({"a\0b", "c"}, "\0") == "a\0b\0c")
