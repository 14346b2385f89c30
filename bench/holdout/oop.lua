-- oop: classes with single inheritance through __index, varargs methods, and a vector type with __add, __eq and __tostring.
local Base = {}; Base.__index = Base
function Base.new(x) return setmetatable({x = x}, Base) end
function Base:value() return self.x end
function Base:add(...) local s = 0; for i = 1, select("#", ...) do s = s + select(i, ...) end; return self:value() + s end
local Derived = setmetatable({}, {__index = Base}); Derived.__index = Derived
function Derived.new(x, y) local o = Base.new(x); o.y = y; return setmetatable(o, Derived) end
function Derived:value() return self.x * self.y end
local Vec = {}
Vec.__index = Vec
Vec.__add = function(a, b) return setmetatable({a[1] + b[1], a[2] + b[2]}, Vec) end
Vec.__eq = function(a, b) return a[1] == b[1] and a[2] == b[2] end
Vec.__tostring = function(v) return "(" .. v[1] .. "," .. v[2] .. ")" end
local acc, v = 0, setmetatable({0, 0}, Vec)
for i = 1, 300000 do
  local o = (i % 2 == 0) and Base.new(i) or Derived.new(i, 2)
  acc = acc + o:add(1, 2, 3)
  v = v + setmetatable({1, i % 5}, Vec)
  if v == setmetatable({-1, -1}, Vec) then acc = acc + 1 end
end
print(acc, tostring(v))
