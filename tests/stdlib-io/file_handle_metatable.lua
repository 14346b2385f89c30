-- file handles share the FILE* metatable: __name, __index with the methods, __gc, __close, __tostring
local mt = getmetatable(io.stdout)
print(mt.__name, type(mt.__gc), type(mt.__close), type(mt.__tostring), type(mt.__index))
local names = {}
for k in pairs(mt.__index) do names[#names + 1] = k end
table.sort(names)
print(table.concat(names, " "))
local f = io.tmpfile()
print(getmetatable(f) == mt, f.read == mt.__index.read, f.close == io.stdout.close)
print(mt.__tostring(f):match("^file %(0x%x+%)$") ~= nil)
mt.__close(f)
print(mt.__tostring(f), io.type(f))
mt.__gc(f)
mt.__gc(io.stdout)
print(io.type(io.stdout))
print(pcall(mt.__gc, {}))
print(pcall(mt.__tostring, 1))
print(pcall(f.read, {}))
print(pcall(io.stdout.write, "x"))
local keys = {}
for k in pairs(io) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, " "))
