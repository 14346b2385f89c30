-- unary metamethods receive the operand twice
local o = setmetatable({}, {
  __unm = function(a, b) return rawequal(a, b) end,
  __bnot = function(a, b) return rawequal(a, b) end,
})
print(-o, ~o)
