-- break, return and goto out of a scope close its variables
local function closer(name) return setmetatable({}, {__close = function() print("close", name) end}) end
for i = 1, 3 do
  local c <close> = closer("loop " .. i)
  if i == 2 then break end
end
local function f()
  local c <close> = closer("function")
  return "returned"
end
print(f())
do
  local c <close> = closer("goto")
  goto out
end
::out::
print("end")
