-- "local f = function" cannot see itself; "local function f" can
local f = function(n) return n end
local f = function(n) if n > 0 then return f(n - 1) .. "!" end return "base" end
print(f(2))
local function g(n) if n > 0 then return g(n - 1) .. "!" end return "base" end
print(g(2))
