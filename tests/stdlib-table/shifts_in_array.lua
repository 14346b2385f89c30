-- table.insert, table.remove and table.move shift a plain table's array part in one
-- move; the results, the borders `#` finds afterwards (holes included) and the
-- collector's view of the moved values must be those of the element-by-element loop.

local function show(t, n)
  local parts = {}
  for i = 1, n do parts[#parts + 1] = tostring(t[i]) end
  return table.concat(parts, " ")
end

-- insert at the front, the middle and the end of a growing array
local t = {}
for i = 1, 10 do table.insert(t, 1, i) end
print(show(t, 10), #t)
table.insert(t, 5, "m")
table.insert(t, #t, "e")
table.insert(t, #t + 1, "z")
print(show(t, 13), #t)

-- remove from the front, the middle and the end
print(table.remove(t, 1), table.remove(t, 4), table.remove(t), #t)
print(show(t, 11))
print(table.remove(t, #t + 1), #t)

-- holes inside the shifted range travel with it; `#` must find the same border
local h = {1, 2, 3, nil, 5, 6, 7, 8}
table.insert(h, 2, "x")
print(show(h, 10), #h)
local g = {1, 2, nil, 4, 5, 6}
print(table.remove(g, 1), show(g, 7), #g)

-- table.move within one table, both directions, overlapping
local m = {}
for i = 1, 12 do m[i] = i * 10 end
table.move(m, 1, 6, 4)
print(show(m, 12))
table.move(m, 5, 12, 2)
print(show(m, 12), #m)
table.move(m, 3, 2, 1) -- empty range: nothing moves
print(show(m, 12))

-- a range that runs past the array part into the hash part
local p = {1, 2, 3}
p[5] = 5
table.move(p, 1, 5, 3)
print(show(p, 8))

-- tables with metamethods keep the element-by-element path and its calls
local log = {}
local proxied = setmetatable({}, {
  __index = function(_, k) log[#log + 1] = "get" .. k; return k * 100 end,
  __newindex = function(_, k, v) log[#log + 1] = "set" .. k .. "=" .. tostring(v) end,
})
table.move(proxied, 1, 3, 2)
print(table.concat(log, " "))

-- objects moved while the collector is marking stay alive: a table large enough to
-- be traversed over many small steps is rotated between steps, so that values move
-- from the part not yet traversed into the part already traversed; each is a table
-- only this array refers to, and a weak table notices any that is collected
local n = 100000
local big, alive = {}, setmetatable({}, {__mode = "k"})
for i = 1, n do big[i] = {i}; alive[big[i]] = true end
collectgarbage("incremental", 100, 10, 10)
collectgarbage("stop")
for round = 1, 3000 do
  collectgarbage("step", 0)
  local first = big[1]
  table.move(big, 2, n, 1)
  big[n] = first
  if round % 3 == 0 then
    table.insert(big, table.remove(big, 1))
  elseif round % 3 == 1 then
    table.insert(big, 1, table.remove(big))
  end
end
collectgarbage("incremental", 200, 100, 13)
collectgarbage("restart")
collectgarbage()
collectgarbage()
local count, sum = 0, 0
for _ in pairs(alive) do count = count + 1 end
for i = 1, #big do sum = sum + big[i][1] end
print(#big, count, sum)
