-- Regenerates the reference tables of selenite-number's tests from Lua 5.4.9:
--   cd crates/selenite-number/testdata && lua5.4.9 generate.lua [scale]
-- Every line is tab-separated; floats are written as the hex of their bits so that
-- the tables are exact. `scale` multiplies the number of random cases (default 1).
local scale = tonumber(arg[1]) or 1
math.randomseed(20240549)

local function bits_of(x) return (string.unpack("<i8", string.pack("<d", x))) end
local function float_of(b) return (string.unpack("<d", string.pack("<i8", b))) end
local function hexbits(x) return string.format("%016x", bits_of(x)) end

local function escape(s)
  return (s:gsub("\\", "\\x5c"):gsub("[^%w%p ]", function(c) return string.format("\\x%02x", c:byte()) end))
end

local function random_bits()
  return math.random(math.mininteger, math.maxinteger)
end

-- Floats from several families: uniform bits, moderate magnitudes, short decimals
-- (rounding ties), dyadic fractions (exact ties), integers and special values.
local specials = {
  0.0, -0.0, 1/0, -1/0, 0/0, -(0/0), 1.0, -1.0, 0.5, 1.5, 2.5, 0.125, 0.1, 1e15, 1e16,
  1e100, 1e-5, 1e-4, 123.456, 2^53, 2^63, -2^63, 2^64, math.pi, 1e21, 999999.5,
  9.5, 0.05, 0.15, 0.25, 0.35, 1e22, 1e23, 5e-324, 2.2250738585072014e-308,
  2.225073858507201e-308, 1.7976931348623157e308, 0.3, 2/3, 1/3, 100.0, 1e300,
  999.6, 99.96, 9.96, 0.9996, 99999.95, 9999995.0, 9.9999995, 999999.5, 99.5, 9999.7,
  0x1.08p0, 0x1.18p0, 0x1.ffp0, 0x1.fffffffffffff8p0, 0x1.000008p-1030, 2^-1074 * 3,
}
local function random_float()
  local kind = math.random(6)
  if kind == 1 then
    return float_of(random_bits())
  elseif kind == 2 then
    local e = math.random(1023 - 40, 1023 + 70)
    local b = (e << 52) | (random_bits() & ((1 << 52) - 1))
    if math.random(2) == 1 then b = b | math.mininteger end
    return float_of(b)
  elseif kind == 3 then
    return math.random(0, 999999) / 10.0 ^ math.random(0, 8) * (math.random(2) == 1 and 1 or -1)
  elseif kind == 4 then
    return math.random(-100000, 100000) / 2.0 ^ math.random(0, 20)
  elseif kind == 5 then
    return math.random(math.mininteger, math.maxinteger) + 0.0
  else
    return specials[math.random(#specials)]
  end
end

local function random_spec()
  local flags = {}
  for _ = 1, math.random(0, 3) do
    local i = math.random(5)
    flags[#flags + 1] = ("-+ #0"):sub(i, i)
  end
  local s = "%" .. table.concat(flags)
  if math.random(2) == 1 then s = s .. math.random(1, 40) end
  local r = math.random(4)
  if r == 1 then s = s .. "." .. math.random(0, 20)
  elseif r == 2 then s = s .. "." .. math.random(0, 99)
  elseif r == 3 then s = s .. "." end
  local convs = "aAeEfgG"
  local c = math.random(#convs)
  return s .. convs:sub(c, c)
end

do
  local out = assert(io.open("printf.txt", "w"))
  local fixed = {"%.14g", "%g", "%e", "%f", "%a", "%A", "%.3a", "%.0a", "%.1a", "%#a",
                 "%.0e", "%.0f", "%#.0f", "%.20g", "%#g", "%+08.3f", "% e", "%-12G|",
                 "%#.3g", "%#.1g", "%#.2G", "%#.0g", "%.2a", "%.1A", "%#.0a", "%012.2a", "%+.0e"}
  for _, f in ipairs(fixed) do
    for _, x in ipairs(specials) do
      out:write(f, "\t", hexbits(x), "\t", string.format(f, x), "\n")
    end
  end
  for _ = 1, 4000 * scale do
    local f, x = random_spec(), random_float()
    if f:sub(-1) == "f" and math.abs(x) > 1e40 then x = x / 1e280 end
    out:write(f, "\t", hexbits(x), "\t", string.format(f, x), "\n")
  end
  for _ = 1, 3000 * scale do
    local x = random_float()
    out:write("%.14g\t", hexbits(x), "\t", string.format("%.14g", x), "\n")
  end
  out:close()
end

-- Numerals: random strings from the numeral grammar with the occasional defect.
local function pick(list) return list[math.random(#list)] end
local function digits(set, n)
  local t = {}
  for i = 1, n do local k = math.random(#set); t[i] = set:sub(k, k) end
  return table.concat(t)
end
local function random_numeral()
  local hex = math.random(3) == 1
  local set = hex and "0123456789abcdefABCDEF" or "0123456789"
  local len = pick{0, 1, 1, 2, 5, 10, 18, 19, 20, 25, 40}
  local s = pick{"", "", "", " ", "\t", "\n ", "\v\f\r"} .. pick{"", "", "-", "+", "--", "+-"}
  if hex then s = s .. pick{"0x", "0X", "0x", "x", "0"} end
  s = s .. digits(set, len)
  if math.random(2) == 1 then s = s .. "." .. digits(set, pick{0, 1, 3, 17, 30}) end
  if math.random(2) == 1 then
    s = s .. pick(hex and {"p", "P", "e"} or {"e", "E", "p"}) .. pick{"", "", "-", "+"}
      .. digits("0123456789", pick{0, 1, 2, 3, 4, 6})
  end
  s = s .. pick{"", "", "", " ", "\t\n", "x", "\0", ".", "n", "inf"}
  if math.random(20) == 1 then s = pick{"inf", "nan", "-inf", "0x", "1e", ".", "-.", "0x.p1", "", " "} end
  return s
end
local function describe(v)
  if v == nil then return "nil"
  elseif math.type(v) == "integer" then return "i" .. v
  else return "f" .. hexbits(v) end
end

do
  local out = assert(io.open("numerals.txt", "w"))
  for _ = 1, 3000 * scale do
    local s = random_numeral()
    out:write(escape(s), "\t", describe(tonumber(s)), "\n")
  end
  for _ = 1, 1000 * scale do
    local base = math.random(2, 36)
    local alphabet = ("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"):sub(1, 10 + 26 + 26)
    local s = pick{"", " ", "\t"} .. pick{"", "", "-", "+"}
      .. digits(alphabet:sub(1, math.min(base + 2, 62)), pick{0, 1, 3, 8, 14, 30})
      .. pick{"", "", " ", "\n", ".", "\0"}
    out:write(escape(s), "\t", describe(tonumber(s, base)), "\t", base, "\n")
  end
  out:close()
end

-- Arithmetic and comparisons on random operands.
local function random_int()
  local kind = math.random(4)
  if kind == 1 then return random_bits()
  elseif kind == 2 then return math.random(-100, 100)
  elseif kind == 3 then return pick{math.mininteger, math.maxinteger, 0, -1, 1, 1 << 53, (1 << 53) + 1, -(1 << 53) - 1}
  else return math.random(-(1 << 54), 1 << 54) end
end
local function random_int_or_float()
  if math.random(2) == 1 then return random_int() end
  local x = random_float()
  if math.random(3) == 1 then x = math.floor(x) + 0.0 end
  return x
end
local function show(v)
  if math.type(v) == "integer" then return "i" .. v else return "f" .. hexbits(v) end
end
local ops = {
  idiv = function(a, b) return a // b end,
  mod = function(a, b) return a % b end,
  pow = function(a, b) return a ^ b end,
  shl = function(a, b) return a << b end,
  shr = function(a, b) return a >> b end,
  lt = function(a, b) return a < b end,
  le = function(a, b) return a <= b end,
  eq = function(a, b) return a == b end,
  floor = function(a) return math.floor(a) end,
  ceil = function(a) return math.ceil(a) end,
  toint = function(a) return math.tointeger(a) end,
}
do
  local out = assert(io.open("arith.txt", "w"))
  local names = {"idiv", "mod", "pow", "shl", "shr", "lt", "le", "eq", "floor", "ceil", "toint"}
  for _ = 1, 3000 * scale do
    local op = pick(names)
    local a, b
    if op == "shl" or op == "shr" then
      a, b = random_int(), pick{math.random(-70, 70), random_int(), math.mininteger}
    elseif op == "idiv" or op == "mod" then
      if math.random(2) == 1 then a, b = random_int(), random_int()
      else a, b = random_float(), random_float() end
      if math.type(a) == "integer" and b == 0 then b = 7 end
    elseif op == "pow" then
      a, b = random_float(), pick{2.0, 0.5, 3.0, -1.0, random_float(), math.random(-10, 10) + 0.0}
    elseif op == "floor" or op == "ceil" or op == "toint" then
      a = random_int_or_float()
      if math.type(a) == "integer" then a = a + 0.0 end
    else
      a, b = random_int_or_float(), random_int_or_float()
    end
    local r = ops[op](a, b)
    local rs
    if type(r) == "boolean" then rs = tostring(r) elseif r == nil then rs = "nil" else rs = show(r) end
    out:write(op, "\t", show(a), "\t", b == nil and "-" or show(b), "\t", rs, "\n")
  end
  out:close()
end
