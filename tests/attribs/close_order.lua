-- to-be-closed variables close in reverse order at the end of their block
local function closer(name) return setmetatable({}, {__close = function() print("close", name) end}) end
do
  local a <close> = closer("a")
  local b <close> = closer("b")
  print("in block")
end
print("after block")
