-- yielding inside table.sort comparators, gsub and load readers crosses a C-call boundary
local co = coroutine.wrap(function()
  print(pcall(table.sort, {3, 1, 2}, function(a, b) coroutine.yield("in sort"); return a < b end))
  print(pcall(string.gsub, "abc", "%w", function(c) coroutine.yield(c) end))
  print(pcall(load, function() coroutine.yield() end))
  print(coroutine.isyieldable())
  print(pcall(table.sort, {2, 1}, function(a, b) return coroutine.isyieldable() end))
  return "end"
end)
print(co())
local co2 = coroutine.create(function()
  table.sort({2, 1}, function(a, b) coroutine.yield() end)
end)
print(coroutine.resume(co2))
