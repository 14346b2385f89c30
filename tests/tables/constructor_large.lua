-- constructors with many items are stored in several batches
local parts = {}
for i = 1, 120 do parts[i] = tostring(i * 2) end
local t = load("return {" .. table.concat(parts, ",") .. "}")()
print(#t, t[1], t[50], t[51], t[100], t[120])
local h = load("return {" .. string.rep("1,", 60) .. "x = 1, " .. string.rep("2,", 60) .. "}")()
print(#h, h[60], h[61], h.x)
