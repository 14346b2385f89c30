-- __eq is used only for two tables (or two userdata) that are not primitively equal
local calls = 0
local mt = {__eq = function(a, b) calls = calls + 1 return a.v == b.v end}
local a, b, c = setmetatable({v = 1}, mt), setmetatable({v = 1}, mt), setmetatable({v = 2}, mt)
print(a == b, a == c, a ~= b, a == a, calls)
print(a == 1, a == "x", rawequal(a, b), calls)
local d = setmetatable({v = 1}, {__eq = function() return "truthy" end})
print(d == {}, {} == d)
