-- parameters can be captured like any local
local function adder(n) return function(x) n = n + x return n end end
local a = adder(10)
print(a(1), a(1), adder(0)(5))
