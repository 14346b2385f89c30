-- __metatable hides the metatable and blocks setmetatable
local t = setmetatable({}, {__metatable = "locked"})
print(getmetatable(t))
print(pcall(setmetatable, t, {}))
print(pcall(setmetatable, t, nil))
local u = setmetatable({}, {__metatable = false})
print(getmetatable(u))
