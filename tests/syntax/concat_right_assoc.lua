-- concatenation and exponentiation are right associative
local log = {}
local mt = {__concat = function(a, b)
  local x = type(a) == "table" and a.n or a
  local y = type(b) == "table" and b.n or b
  log[#log + 1] = x .. "+" .. y
  return {n = "(" .. x .. y .. ")"}
end}
local function o(n) return setmetatable({n = n}, mt) end
local r = o("a") .. o("b") .. o("c")
print(r.n, table.concat(log, " "))
print(2 ^ 2 ^ 3)
