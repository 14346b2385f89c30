-- __newindex is used only for absent keys; a table target receives the assignment
local store = {}
local t = setmetatable({present = 1}, {__newindex = store})
t.present = 2; t.absent = 3
print(t.present, rawget(t, "absent"), store.absent)
local log = {}
local u = setmetatable({}, {__newindex = function(tbl, k, v) log[#log + 1] = k .. "=" .. tostring(v); rawset(tbl, k, v * 2) end})
u.a = 1; u.a = 5
print(table.concat(log, ","), u.a)
