-- pairs visits every key once; sorting the keys makes the output deterministic
local t = {10, 20, 30, a = 1, b = 2, [4.5] = "f", [true] = "t"}
local keys = {}
for k, v in pairs(t) do keys[#keys + 1] = tostring(k) .. "=" .. tostring(v) end
table.sort(keys)
print(table.concat(keys, " "))
print(next({}), type(next), next({}, nil))
