-- closure_factory: the same arithmetic done through closures made by a factory
-- (the constants live in upvalues) and through a plain local function taking them as
-- arguments. Shows what calling a closure and reading its upvalues costs next to a call.
local n = ({ tiny = 1000, small = 200000, full = 5000000 })[... or "full"]
local modulus = 1000003

local function make_affine(multiplier, offset)
  return function(x) return (x * multiplier + offset) % modulus end
end

local function affine(x, multiplier, offset)
  return (x * multiplier + offset) % modulus
end

local double_plus_one, triple_plus_two = make_affine(2, 1), make_affine(3, 2)
local by_closure = 1
for _ = 1, n do
  by_closure = triple_plus_two(double_plus_one(by_closure))
end

local by_function = 1
for _ = 1, n do
  by_function = affine(affine(by_function, 2, 1), 3, 2)
end

print(string.format("closures: %d  local functions: %d", by_closure, by_function))
