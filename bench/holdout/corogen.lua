-- corogen: coroutine.wrap generators chained into a filter and a map, then a queue built by table.insert at the front and drained by table.remove.
local function gen(n) return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end) end
local function filter(pred, g) return coroutine.wrap(function() for v in g do if pred(v) then coroutine.yield(v) end end end) end
local function map(f, g) return coroutine.wrap(function() for v in g do coroutine.yield(f(v)) end end) end
local total = 0
for r = 1, 10 do
  for v in map(function(x) return x * 2 end, filter(function(x) return x % 3 ~= 0 end, gen(60000))) do total = total + v end
end
local q = {}
for i = 1, 20000 do table.insert(q, 1, i % 256) end
local s = {}
while #q > 0 do s[#s + 1] = string.char(table.remove(q)) end
print(total, #table.concat(s))
