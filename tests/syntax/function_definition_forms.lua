-- function statements: global, field, method and local forms
local t = {a = {}}
function t.a.f(x) return x + 1 end
function t.a:m(x) return self == t.a, x end
local function g(...) return select("#", ...) end
function globalfn() return "global" end
print(t.a.f(1), t.a:m(5))
print(g(nil, nil), globalfn())
print(select(2, load("function t.a:b:c() end")))
