-- __len overrides # for tables, and its result can be any value
local t = setmetatable({1, 2, 3}, {__len = function(self) return "len" end})
print(#t)
local u = setmetatable({}, {__len = function() return 2.5 end})
print(#u, rawlen(u))
