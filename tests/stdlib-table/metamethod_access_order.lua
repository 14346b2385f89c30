-- the exact order of __len, __index and __newindex calls made by insert, remove, concat, unpack and sort
local log = {}
local store = {"a", "b", "c"}
local p = setmetatable({}, {
  __index = function(_, k) log[#log+1] = "g" .. tostring(k); return store[k] end,
  __newindex = function(_, k, v) log[#log+1] = "s" .. tostring(k) .. "=" .. tostring(v); store[k] = v end,
  __len = function() log[#log+1] = "len"; return #store end,
})
table.insert(p, 2, "X") print(table.concat(log, " ")) log = {}
table.insert(p, "E") print(table.concat(log, " ")) log = {}
print(table.remove(p, 1)) print(table.concat(log, " ")) log = {}
print(table.remove(p)) print(table.concat(log, " ")) log = {}
print(table.concat(p, ",")) print(table.concat(log, " ")) log = {}
print(table.unpack(p)) print(table.concat(log, " ")) log = {}
table.sort(p, function(a, b) return a > b end) print(table.concat(log, " ")) log = {}
print(table.remove(p, #store + 1)) print(table.concat(log, " ")) log = {}
local e = setmetatable({}, getmetatable(p)) store = {}
print(table.remove(e)) print(table.concat(log, " ")) log = {}
print(table.remove(e, 0)) print(table.concat(log, " ")) log = {}
print(next(table.pack()), ipairs(p) ~= nil)
