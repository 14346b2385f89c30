-- fuzz seed 27: a generated program on which selenite and the reference disagreed
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
MT.__unm = function(a) return -val(a) end
MT.__band = function(a, b) return val(a) & val(b) end
MT.__shl = function(a, b) return val(a) << val(b) end
MT.__bnot = function(a) return ~val(a) end
MT.__concat = function(a, b) return tostring(val(a)) .. "&" .. tostring(val(b)) end
MT.__len = function(a) return val(a) end
MT.__call = function(self, x) return val(self), x end
MT.__tostring = function(t) return "obj(" .. tostring(val(t)) .. ")" end
MT.__close = function(o, e) print("close", tostring(val(o)), e ~= nil) end
local function f1(p2, p3)
  P(type(p2), (7))
  return p2
end
local function f4(n, acc) if n == 0 then return acc end return f4(n - 1, acc + n) end
P(f4(8259, 0), f4(3, 0.5))
local function f5()
  return ("1e2")
end
local t6 = {}
P(pcall(function() return math.fmod((f1(math.abs(("3.5")), ((1e-10) ~= (0/0))) or ((3) | ("a b"))), ((-(0x1p-2)) ~= math.max((math.mininteger), (7)))) end))
P(pcall(function() return (3), ((1e15 .. (not (false))) ~= (f5() <= (~(true)))) end))
P(pcall(function() local tmp = ((0x1p-2) .. "nan") error(255, 2) end))
local function f7(p8)
  P(pcall(function() local tmp = (("9223372036854775807") >> (0xffffffffffffffff)) error(0, 1) end))
  local v9 = 10
  return (not (("inf") | (3.0)))
end
P(type(("-3")), ("x\0y"))
local o10 = setmetatable({v = -1/0}, MT)
local function f11()
  return string.reverse(((-0x10) // ("10")))
end
local ok_v12, v12 = pcall(function() return (("x\0y") & (not (false))) end)
P(pcall(function() v12 = (not (true)) end))
local v13 = "nan"
local r14 = 0
repeat
  r14 = r14 + 1
  P(type((true)))
  local o15 = setmetatable({v = "\65\u{48}"}, MT)
until r14 >= 2
local ok_v16, v16 = pcall(function() return ((("") * r14) and (-1)) end)
P(pcall(function() return t6[1e16], #t6 end))
P(math.type((0)))
P(type(("0x10")), type((math.maxinteger)))
P(pcall(function() return (tostring(((nil) ^ (2147483648))) << v13), (v16 & math.max(#t6, r14)) end))
local w17 = 0
while w17 < 2 do
  w17 = w17 + 1
  if type(r14) == "number" then goto continue18 end
  P(pcall(function() local tmp = (v12 + (2)) error({}, 1) end))
  P(pcall(function() return ("1e2"), (select("#", o10((true)), nil, math.floor(r14)) ~ (-0x10 .. v13)) end))
  P(math.type((nil)), v12, math.type(("abc")))
  ::continue18::
end
for k, x in ipairs(t6) do P(k, x) end
local v19 = 3.0
for i20 = 1, 3 do
  if type(v16) == "number" then goto continue21 end
  P(pcall(function() return (t6[4] << (math.mininteger .. (v12 == (1/0)))) end))
  P(math.type(("inf")))
  ::continue21::
end
