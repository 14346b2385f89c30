-- nested coroutines: yields go to the immediate resumer, values route through each level
local log = {}
local function L(s) log[#log + 1] = s end
local inner = coroutine.create(function(x)
  L("inner got " .. x)
  local y = coroutine.yield(x + 1)
  L("inner resumed with " .. y)
  return y * 10
end)
local outer = coroutine.create(function()
  local _, v = coroutine.resume(inner, 1)
  L("outer got " .. v)
  local w = coroutine.yield(v + 100)
  local _, r = coroutine.resume(inner, w)
  L("outer got result " .. r)
  return r, coroutine.status(inner)
end)
print(coroutine.resume(outer))
print(coroutine.resume(outer, 5))
print(table.concat(log, "; "))
local depth = 0
local function chain(n)
  if n == 0 then return coroutine.yield("bottom") end
  local co = coroutine.wrap(chain)
  local v = co(n - 1)
  depth = depth + 1
  return v
end
local c = coroutine.wrap(chain)
print(c(50), depth)
