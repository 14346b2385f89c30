-- the coroutine table holds exactly the 5.4 functions; a thread's type is 'thread'
local keys = {}
for k, v in pairs(coroutine) do keys[#keys + 1] = k .. ":" .. type(v) end
table.sort(keys)
print(table.concat(keys, " "))
print(type(coroutine.create(print)), type(coroutine.running()))
print((tostring(coroutine.create(print)):gsub("0x%x+", "ADDR")))
