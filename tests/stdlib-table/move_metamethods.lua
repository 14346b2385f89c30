-- table.move reads with __index and writes with __newindex, in the order 5.4 uses
local log = {}
local src = setmetatable({}, {__index = function(_, k) log[#log + 1] = "get " .. k; return k * 10 end})
local dst = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = "set " .. k .. "=" .. v; rawset(t, k, v) end})
table.move(src, 1, 3, 2, dst)
print(table.concat(log, ", "))
log = {}
local same = setmetatable({}, {
  __index = function(_, k) log[#log + 1] = "get " .. k; return k end,
  __newindex = function(_, k, v) log[#log + 1] = "set " .. k .. "=" .. v end,
})
table.move(same, 1, 3, 2)
print(table.concat(log, ", "))
log = {}
table.move(same, 2, 4, 1)
print(table.concat(log, ", "))
