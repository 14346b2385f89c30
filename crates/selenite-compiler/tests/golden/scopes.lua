local x = 1
local function f(a, ...)
  local y <const> = 10
  local z <const> = "s"
  local w <close> = nil
  return function() x = x + y; return z, a end
end
local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
for k, v in pairs(fs) do print(k, v) end
do
  local q = 2
  g = function() return q end
end
local _ENV = {print = print}
print(x)
return f
