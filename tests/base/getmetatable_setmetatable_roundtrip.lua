-- setmetatable returns its table; getmetatable returns the same metatable
local mt = {}
local t = {}
print(setmetatable(t, mt) == t, getmetatable(t) == mt)
setmetatable(t, nil)
print(getmetatable(t))
