-- rawget and rawset need a table
print(pcall(rawget, "s", 1))
print(pcall(rawset, 1, 1, 1))
print(pcall(rawget, {}))
print(pcall(rawset, {}, 1))
local t = {}
print(rawset(t, "k", "v") == t, rawget(t, "k"))
