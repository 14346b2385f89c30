-- __index runs only when the raw value is nil, false values are kept
local t = setmetatable({f = false}, {__index = function() return "meta" end})
print(t.f, t.n)
