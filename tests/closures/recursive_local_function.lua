-- "local function" makes the name visible inside its own body
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(10), fact(20), fact(21))
local g = function(n) return n end
local g = function(n) if n == 0 then return "outer" end return g(0) end
print(g(1))
