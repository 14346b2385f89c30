-- a dead temporary register does not keep an object with a finalizer alive
local function run(make)
  local u
  local b
  local finish = false
  u = setmetatable({}, {__gc = function() finish = true end})
  b = {34}
  local n = 0
  repeat u = make(n); n = n + 1 until finish or n > 5000000
  print(finish, b[1])
end
run(function() return {} end)
run(function(i) return tostring(i) .. tostring(i) end)
run(function() local i; return function() return i end end)
