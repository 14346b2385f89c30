-- each evaluation of a function expression creates a new closure
local function make() return function() end end
print(make() == make(), make ~= nil)
local f = make()
print(f == f)
