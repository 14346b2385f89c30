-- A coroutine that returned normally gives its stack to the next one; what can
-- still be asked of it must answer as the reference does.
local co = coroutine.create(function(a, b) local t = {a, b} return a + b, #t end)
print(coroutine.resume(co, 3, 4))
print(coroutine.status(co))
print(coroutine.resume(co))
print(coroutine.close(co))
print(debug.traceback(co))
print(debug.traceback(co, "msg"))
print(debug.getinfo(co, 0))
print(pcall(debug.getlocal, co, 1, 1))
print(coroutine.status(co))

-- The next coroutines run on the recycled buffers: values must not leak across.
local seen = {}
for i = 1, 5 do
  local c = coroutine.create(function(x)
    local locals = {}
    for j = 1, 20 do locals[j] = x * j end
    local y = coroutine.yield(locals[20])
    return y, locals[1]
  end)
  local _, first = coroutine.resume(c, i)
  local _, y, one = coroutine.resume(c, -i)
  seen[#seen + 1] = first .. ":" .. y .. ":" .. one .. ":" .. coroutine.status(c)
end
print(table.concat(seen, " "))

-- A coroutine that died in error keeps its stack for the traceback.
local bad = coroutine.create(function() local x = nil; return x.field end)
print(coroutine.resume(bad))
print((debug.traceback(bad):gsub("\n.*", "")))
print(coroutine.close(bad))

-- Wrapped generators, one after another.
local total = 0
for n = 1, 50 do
  local gen = coroutine.wrap(function() for k = 1, n do coroutine.yield(k) end return 0 end)
  for _ = 1, n + 1 do total = total + gen() end
end
print(total)
collectgarbage()
print(coroutine.status(co), coroutine.resume(co))
