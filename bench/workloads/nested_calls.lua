-- nested_calls: a chain of small functions calling one another four deep with
-- several arguments; measures argument passing and returns through short frames.
local n = ({ tiny = 1000, small = 100000, full = 4000000 })[... or "full"]
local modulus = 1000003

local function add(a, b) return a + b end
local function mul_add(a, b, c) return add(a * b, c) end
local function step(x, i) return mul_add(x, 3, i) % modulus end
local function two_steps(x, i) return step(step(x, i), i + 1) end

local x = 1
for i = 1, n do
  x = two_steps(x, i)
end
print(string.format("nested_calls x = %d", x))
