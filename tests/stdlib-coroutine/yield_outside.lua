-- yielding from the main thread is an error; isyieldable is false there
print(pcall(coroutine.yield, 1))
print(coroutine.isyieldable())
print(coroutine.isyieldable(coroutine.running()))
local co = coroutine.create(function() return coroutine.isyieldable() end)
print(coroutine.resume(co))
print(coroutine.isyieldable(co))
coroutine.yield("bye")
print("not reached")
