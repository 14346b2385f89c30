-- fuzz seed 66: a generated program on which selenite and the reference disagreed
local function show(v)
  local t = type(v)
  if t == "table" then
    local mt = getmetatable(v)
    if mt and rawget(mt, "__tostring") then return tostring(v) end
    return "table"
  elseif t == "function" or t == "thread" or t == "userdata" then
    return t
  end
  return v
end
local function P(...)
  local n = select("#", ...)
  local out = {}
  for i = 1, n do out[i] = show((select(i, ...))) end
  print(table.unpack(out, 1, n))
end
local function keys(t)
  local list = {}
  for k, v in pairs(t) do list[#list + 1] = tostring(show(k)) .. "=" .. tostring(show(v)) end
  table.sort(list)
  return table.concat(list, ",")
end
local function val(x) if type(x) == "table" then return rawget(x, "v") end return x end
local MT = {}
MT.__add = function(a, b) return val(a) + val(b) end
MT.__sub = function(a, b) return val(a) - val(b) end
MT.__div = function(a, b) return val(a) / val(b) end
MT.__mod = function(a, b) return val(a) % val(b) end
MT.__idiv = function(a, b) return val(a) // val(b) end
MT.__pow = function(a, b) return val(a) ^ val(b) end
MT.__band = function(a, b) return val(a) & val(b) end
MT.__shl = function(a, b) return val(a) << val(b) end
MT.__bnot = function(a) return ~val(a) end
MT.__len = function(a) return val(a) end
MT.__index = function(t, k) return k end
MT.__newindex = function(t, k, v) rawset(t, k, v) end
local r1 = 0
repeat
  r1 = r1 + 1
  P(pcall(function() return r1, (((9007199254740993) - (("9223372036854775807") & r1)) <= string.upper(((-1) + (0x7fffffff)))), ((0) >> string.len(math.abs((3.0)))) end))
  P(math.type((1/0)), type(r1), (1e16))
until r1 >= 1
local t2 = {(3), (-1)}
P(pcall(function()
  local closing <close> = setmetatable({v = " 7 "}, MT)
  P("in block", ((not (false)) * math.type(r1)))
end))
P(pcall(function() return (7), nil, (r1 > string.rep(1, 3, ",")) end))
local ok_v3, v3 = pcall(function() return select("#", (not (9007199254740993)), nil, (0xff .. (2147483648))) end)
local v4 = 3
P(pcall(function() local tmp = ((1) ~= v3) error("9223372036854775807", 2) end))
local o5 = setmetatable({v = 0/0}, MT)
P(pcall(function() return (0.0), (true .. 3), t2[(string.sub(v3, (4), (-3)) % t2[(10)])] end))
P(type((-0x10)), math.type(v3))
for k, x in ipairs(t2) do P(k, x) end
P(type((-7)))
P(math.type(v4), type(r1), math.type((1e100)))
P(type((0.0)), type(("9223372036854775808")))
P(type(v3), math.type((1e15)))
P(table.remove(t2), #t2)
for i6 = 1, 3 do
  P(pcall(function() return (-0x10), (-("10" ~= ((3.0) > v3))), (-0.0) end))
  for i7 = 1.5, 3 do
    P(pcall(function() return v3, (~#t2) end))
  end
  t2[#t2 + 1] = (" 7 ")
end
P(pcall(function() v4 = (((0x7fffffff) - r1) * (v3 + v3)) end))
table.insert(t2, (0.0))
P(type(v3), v4)
P(pcall(function() v3 = 0xff end))
P(pcall(function() return ((o5 <= o5) + r1), (tostring(t2.k3) % (((1e100) + (2147483648)) // (v3 // (-0x10)))) end))
P(pcall(function() return ((" 7 ") > (math.min((-0x10), (1)) & (v4 >> ("1e2")))), v3, ((o5 < (-2.5 .. (true))) == (math.floor(v4) / (#v3))) end))
local function f8(n, acc) if n == 0 then return acc end return f8(n - 1, acc + n) end
P(f8(14987, 0), f8(3, 0.5))
local t9 = {(math.mininteger)}
local function mk10() local c = 0 return function(d) c = c + (d or 1) return c end end
local c11 = mk10()
local function f12()
  return ((not r1) ~ string.reverse((true))), ((-0x10) and (255))
end
local r13 = 0
repeat
  r13 = r13 + 1
  P(pcall(function() return (not math.abs((r13 > (-7)))), (" 7 ") end))
  local t14 = {}
until r13 >= 3
P(pcall(function() local tmp = tonumber(("x\0y")) error("-3") end))
table.insert(t2, (9007199254740993))
local v15 = false
P(type((" 7 ")))
P(math.type(r1), math.type((-0x10)), math.type((1e16)))
local o16 = setmetatable({v = 1e100}, MT)
