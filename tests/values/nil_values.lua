-- nil is the value of missing variables, fields and arguments
local a
local function f(x, y) return x, y end
print(a, undefined_global, ({}).field, f(1))
print(select("#", f()), select("#", nil), select("#"))
