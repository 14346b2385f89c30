-- a closure may use many upvalues from several enclosing levels
local a, b, c, d, e = 1, 2, 3, 4, 5
local function f()
  local g, h = 6, 7
  return function() return a + b + c + d + e + g + h end
end
print(f()())
a = 100
print(f()())
