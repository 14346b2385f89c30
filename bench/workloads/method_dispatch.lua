-- method_dispatch: method calls on objects of a three-level class hierarchy built
-- with setmetatable and __index tables, so each call walks a different length of
-- __index chain. Measures method lookup (SELF) and metatable fallbacks.
local rounds = ({ tiny = 100, small = 20000, full = 400000 })[... or "full"]

local Shape = {}
Shape.__index = Shape
function Shape.new(kind) return setmetatable({ kind = kind }, Shape) end
function Shape:scale() return 1 end
function Shape:describe() return self.kind end

local Rectangle = setmetatable({}, { __index = Shape })
Rectangle.__index = Rectangle
function Rectangle.new(width, height)
  local self = Shape.new("rectangle")
  self.width, self.height = width, height
  return setmetatable(self, Rectangle)
end
function Rectangle:area() return self.width * self.height * self:scale() end
function Rectangle:perimeter() return 2 * (self.width + self.height) end

local Square = setmetatable({}, { __index = Rectangle })
Square.__index = Square
function Square.new(side)
  local self = Rectangle.new(side, side)
  self.kind = "square"
  return setmetatable(self, Square)
end
function Square:scale() return 2 end

local shapes = {}
for i = 1, 10 do
  if i % 2 == 0 then shapes[i] = Square.new(i) else shapes[i] = Rectangle.new(i, i + 1) end
end

local total, letters = 0, 0
for _ = 1, rounds do
  for i = 1, #shapes do
    local shape = shapes[i]
    total = total + shape:area() + shape:perimeter()
    letters = letters + #shape:describe()
  end
end
print(string.format("method_dispatch total = %d letters = %d", total, letters))
