-- t.k, t["k"] and t[k] are the same field; new fields grow the table
local t = {}
t.name = 1; t["name"] = t.name + 1
local k = "name"
t[k] = t[k] * 10
print(t.name)
for i = 1, 5 do t[i * 100] = i end
print(t[100], t[500], t[300])
