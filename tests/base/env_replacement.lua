-- replacing _ENV changes how global names resolve
local print = print
do
  local _ENV = {y = "from custom env"}
  print(y, x)
end
local function f(_ENV) return z end
print(f({z = "param env"}))
