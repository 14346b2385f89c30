-- many values and nils survive yields and resumes; a yield with no values gives nothing
local co = coroutine.create(function(...)
  print("body got", select("#", ...), ...)
  print("first yield got", select("#", coroutine.yield(nil, nil, nil)))
  local t = {}
  for i = 1, 250 do t[i] = i end
  coroutine.yield(table.unpack(t))
  local n = select("#", coroutine.yield())
  return n, select("#", coroutine.yield(nil))
end)
print(coroutine.resume(co, nil, 2, nil))
local r = table.pack(coroutine.resume(co))
print(r.n, r[1], r[2], r[251])
print(select("#", coroutine.resume(co)))
print(coroutine.resume(co, 1, 2, 3, nil))
print(coroutine.resume(co, nil, nil))
