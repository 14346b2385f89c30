-- arithmetic metamethods are tried on the left operand, then the right
local mt = {}
local function V(n) return setmetatable({n = n}, mt) end
local function val(x) return type(x) == "table" and x.n or x end
for _, e in ipairs({"add", "sub", "mul", "div", "mod", "pow", "idiv"}) do
  mt["__" .. e] = function(a, b) return e .. "(" .. val(a) .. "," .. val(b) .. ")" end
end
local a = V(3)
print(a + 1, 1 - a, a * a, a / 2, 2 % a, a ^ 2, a // 5)
mt.__unm = function(x, y) return "unm(" .. val(x) .. "," .. val(y) .. ")" end
print(-a)
