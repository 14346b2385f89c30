-- table and key expressions are evaluated before assigning
local i = 1
local t = {}
i, t[i] = i + 1, 20
print(i, t[1], t[2])
