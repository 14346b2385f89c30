-- insert, remove and unpack size the list with __len; errors when __len is not an integer
local log = {}
local t = setmetatable({}, {__len = function() return 2 end, __newindex = function(t, k, v) log[#log + 1] = k .. "=" .. tostring(v); rawset(t, k, v) end})
table.insert(t, "x")
print(rawget(t, 3), table.concat(log, " "))
local r = setmetatable({"a", "b", "c"}, {__len = function() return 2 end})
print(table.remove(r), r[1], r[2], r[3])
print(pcall(table.insert, setmetatable({}, {__len = function() return "no" end}), 1))
print(pcall(table.remove, setmetatable({}, {__len = function() return 2.5 end})))
print(pcall(table.unpack, setmetatable({}, {__len = function() return {} end})))
print(table.unpack(setmetatable({}, {__len = function() return "3" end, __index = function(_, k) return k end})))
