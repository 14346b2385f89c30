-- values pass both ways: resume arguments become yield results and yield arguments resume results
local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c, d = coroutine.yield(a + b, "first")
  print("got", c, d)
  local e = coroutine.yield()
  print("got", e)
  return "done", nil, 3
end)
print(coroutine.resume(co, 1, 2))
print(coroutine.resume(co, "x", "y"))
print(coroutine.resume(co))
print(coroutine.resume(co))
print(select("#", coroutine.resume(coroutine.create(function() return nil, nil end))))
