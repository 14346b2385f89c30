-- A `local function` reading its own name gets the running closure: recursion,
-- identity, varargs, closures made in a loop, coroutines, hooks.
local function countdown(n)
  if n == 0 then return countdown end
  return countdown(n - 1)
end
print(countdown(10) == countdown, countdown(0) == countdown)

local function sum_to(n)
  if n == 0 then return 0 end
  return n + sum_to(n - 1)
end
print(sum_to(100), sum_to(150))

local function count_varargs(n, ...)
  if n == 0 then return select("#", ...), ... end
  return count_varargs(n - 1, n, ...)
end
print(count_varargs(5, "x"))

local made = {}
for i = 1, 3 do
  local function depth(n)
    if n == 0 then return depth, i end
    return depth(n - 1)
  end
  made[i] = depth
end
for i = 1, 3 do
  local f, tag = made[i](4)
  print(i, f == made[i], tag, f ~= made[i % 3 + 1])
end

local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local co = coroutine.wrap(function(n)
  local function walk(k)
    if k == 0 then return 0 end
    coroutine.yield(k)
    return walk(k - 1)
  end
  return walk(n)
end)
print(co(3), co(), co(), co(), fib(20))

local lines = 0
debug.sethook(function() lines = lines + 1 end, "l")
local hooked = fib(5)
debug.sethook()
print(hooked, lines > 0)

local function as_value() return as_value, type(as_value) end
local v, t = as_value()
print(v == as_value, t)
