-- resuming dead, running or normal coroutines fails with the reference's messages
local co = coroutine.create(function() return 1 end)
print(coroutine.resume(co))
print(coroutine.resume(co))
local self
self = coroutine.create(function() return coroutine.resume(self) end)
print(coroutine.resume(self))
local parent
parent = coroutine.create(function()
  local child = coroutine.create(function() return coroutine.resume(parent) end)
  return coroutine.resume(child)
end)
print(coroutine.resume(parent))
print(coroutine.resume(coroutine.running()))
print(pcall(coroutine.resume, 1))
print(pcall(coroutine.resume))
print(pcall(coroutine.create, 1))
print(pcall(coroutine.create))
