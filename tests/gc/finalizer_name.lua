-- a finalizer sees itself called as the metamethod '__gc'
local name, namewhat
setmetatable({}, {__gc = function()
  local t = debug.getinfo(1, "n")
  name, namewhat = t.name, t.namewhat
end})
repeat local a = {} until name
print(name, namewhat)
