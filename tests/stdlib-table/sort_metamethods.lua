-- table.sort uses __lt for tables and reads/writes through __index/__newindex and __len
local mt = {__lt = function(a, b) return a.v < b.v end}
local items = {}
for _, v in ipairs({4, 1, 3, 2}) do items[#items + 1] = setmetatable({v = v}, mt) end
table.sort(items)
for _, it in ipairs(items) do io.write(it.v, " ") end
print()
local store = {30, 10, 20}
local reads, writes = 0, 0
local proxy = setmetatable({}, {
  __index = function(_, k) reads = reads + 1; return store[k] end,
  __newindex = function(_, k, v) writes = writes + 1; store[k] = v end,
  __len = function() return #store end,
})
table.sort(proxy)
print(table.concat(store, " "), reads > 0, writes > 0, rawlen(proxy))
