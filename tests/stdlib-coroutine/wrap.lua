-- coroutine.wrap returns a function that resumes and returns the yielded values directly
local gen = coroutine.wrap(function(a)
  local b = coroutine.yield(a * 2)
  local c = coroutine.yield(a + b)
  return "end", c
end)
print(gen(5))
print(gen(10))
print(gen("last"))
print(pcall(gen))
print(type(gen))
print(pcall(coroutine.wrap, 1))
print(select("#", coroutine.wrap(function() end)()))
