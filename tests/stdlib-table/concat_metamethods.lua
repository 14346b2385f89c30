-- table.concat reads through __index and sizes the list with __len
local log = {}
local proxy = setmetatable({}, {
  __index = function(_, k) log[#log + 1] = k; return "v" .. k end,
  __len = function() return 3 end,
})
print(table.concat(proxy, "+"))
print(table.concat(log, " "))
print(pcall(table.concat, setmetatable({}, {__len = function() return "x" end})))
print(table.concat(setmetatable({}, {__len = function() return 2.0 end, __index = function(_, k) return k end}), ","))
print(pcall(table.concat, setmetatable({}, {__len = function() return 1.5 end})))
