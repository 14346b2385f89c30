-- A Lua function's results adjusted to what its Lua caller asks for: truncated,
-- padded with nils, or all of them (a call last in a list, a table constructor, a
-- return). Covers the plain return path (no variables to close, no varargs) and the
-- general ones beside it.

local function none() return end
local function two() return 1, 2 end
local function four() return "a", "b", "c", "d" end
local function computed(n)
  local t = {}
  for i = 1, n do t[i] = i * i end
  return t[1], t[2], t[3], t[4], t[5]
end

local a, b, c = two()
print(a, b, c)
local w, x = four()
print(w, x)
local p, q, r, s, u, v = four()
print(p, q, r, s, u, v)
print(none())
print((four()))
print(two(), four())
print(({four()})[4], #{four()}, #{two(), two()})
print(computed(3))
print(select("#", computed(0)))

-- results passed straight through another call and another return
local function pass() return four() end
local function pass_fixed() local x1, x2 = four(); return x2, x1 end
print(pass())
print(pass_fixed())
print(select("#", pass()))

-- a deep recursion returning several values at each level
local function fibpair(n)
  if n == 0 then return 0, 1 end
  local f0, f1 = fibpair(n - 1)
  return f1, f0 + f1
end
print(fibpair(40))

-- many calls in one activation, with padding every time
local sum = 0
for i = 1, 10000 do
  local x1, x2, x3 = two()
  if x3 == nil then sum = sum + x1 + x2 end
end
print(sum)

-- frames with variables to close and vararg frames return the same way
local function closing()
  local t <close> = setmetatable({}, {__close = function() print("closed") end})
  return 7, 8
end
print(closing())
local function varargs(...) return ..., "last" end
print(varargs(1, 2))
local e, f, g = varargs(nil)
print(e, f, g)

-- Lua functions called from native code return to it the same way
print(("abc"):gsub("%w", function(c) if c == "b" then return "B" end end))
print(("abc"):gsub("%w", function() return end))
print(select("#", pcall(function() end)), select("#", pcall(function() return 1 end)))
local sorted = {3, 1, 2}
table.sort(sorted, function(p1, q1) return p1 > q1 end)
print(sorted[1], sorted[2], sorted[3])
local unsorted = {3, 1, 2}
table.sort(unsorted, function() end)
print(#unsorted)
print(xpcall(function() return "x" end, print))
print(string.format("%s", setmetatable({}, {__tostring = function() return "obj" end})))
