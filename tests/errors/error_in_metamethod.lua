-- errors raised inside metamethods propagate to the caller
local o = setmetatable({}, {__index = function(t, k) error("no field " .. k) end})
print(pcall(function() return o.missing end))
local p = setmetatable({}, {__add = function() error({tag = "add"}) end})
local ok, e = pcall(function() return p + 1 end)
print(ok, e.tag)
