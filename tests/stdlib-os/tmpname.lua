-- os.tmpname creates a new empty file under /tmp and returns its name
local a, b = os.tmpname(), os.tmpname()
print(type(a), a ~= b, a:match("^/tmp/lua_%w%w%w%w%w%w$") ~= nil)
local f = assert(io.open(a))
print(f:read("a"))
f:close()
print(os.remove(a), os.remove(b))
