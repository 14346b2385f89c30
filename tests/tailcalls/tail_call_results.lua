-- a tail call returns all results of the called function
local function many(n) if n == 0 then return 1, 2, 3 end return many(n - 1) end
print(many(10))
local t = setmetatable({}, {__call = function(_, a) return "called", a end})
local function via(x) return t(x) end
print(via(7))
