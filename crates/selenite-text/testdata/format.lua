-- Regenerates format.txt, the reference table of string.format's tests, from Lua
-- 5.4.9:   cd crates/selenite-text/testdata && lua5.4.9 format.lua [scale]
-- Line format (tab-separated): format string, arguments, result. Strings are escaped
-- with \xNN for bytes outside [%w%p ] and for '\', ',', ';'. Arguments are separated
-- by ',' (i<int>, f<hex bits of a float>, s<string>, nil, true, false); the result is
-- s<string> or err:<message>.
local scale = tonumber(arg[1]) or 1
math.randomseed(1254)

local function escape(s)
  return (s:gsub(".", function(c)
    if c:find("^[%w%p ]") and not c:find("^[\\,;]") then return c end
    return string.format("\\x%02x", c:byte())
  end))
end
local function pick(list) return list[math.random(#list)] end
local function bits_of(x) return (string.unpack("<i8", string.pack("<d", x))) end
local function float_of(b) return (string.unpack("<d", string.pack("<i8", b))) end

local function random_int()
  return pick{0, 1, -1, 7, 65, 255, 256 + 66, -42, math.maxinteger, math.mininteger, 123456789,
              math.random(-1000, 1000), math.random(math.mininteger, math.maxinteger)}
end
local function random_float()
  local r = math.random(5)
  if r == 1 then return float_of(math.random(math.mininteger, math.maxinteger))
  elseif r == 2 then return math.random(-999999, 999999) / 10.0 ^ math.random(0, 8)
  elseif r == 3 then return pick{0.0, -0.0, 1/0, -1/0, 0/0, -(0/0), 0.5, 2.5, 1e15, 1e-5, 999999.5, 3.0}
  else return math.random(-100000, 100000) / 2.0 ^ math.random(0, 12) end
end
local function random_string()
  local r = math.random(6)
  if r == 1 then return "" elseif r == 2 then return "hello"
  elseif r == 3 then return "a\0b" elseif r == 4 then return string.rep("x", pick{99, 100, 150})
  elseif r == 5 then return "\"quo\\te\"\n\r\t\0001\0z\127\200\255"
  else return "tab\tnew\nline" end
end

local allowed = {c = "-", d = "-+0 ", i = "-+0 ", u = "-0", o = "-#0", x = "-#0", X = "-#0",
                 s = "-", p = "-", q = ""}
local function random_item()
  local conv = pick{"c", "d", "i", "u", "o", "x", "X", "a", "A", "e", "E", "f", "g", "G", "s", "s", "q", "q",
                    "d", "x", "f", "g", "e", "a", "%", "p"}
  if math.random(25) == 1 then conv = pick{"F", "y", "l", "\0", "ld", "n"} end
  local flag_set = "-+ #0"
  if math.random(5) > 1 then flag_set = allowed[conv] or flag_set end
  local flags = {}
  if #flag_set > 0 then
    for i = 1, pick{0, 0, 1, 2, 3} do local k = math.random(#flag_set); flags[i] = flag_set:sub(k, k) end
  end
  local s = "%" .. table.concat(flags)
  local modifiers = conv ~= "q" or math.random(4) == 1
  local w = math.random(20)
  if not modifiers then w = 0 end
  if w <= 4 then s = s .. math.random(1, 9) elseif w <= 8 then s = s .. math.random(10, 40)
  elseif w == 9 then s = s .. math.random(100, 120) end
  local p = math.random(20)
  if not modifiers or conv == "c" and math.random(4) > 1 then p = 0 end
  if p <= 2 then s = s .. "." elseif p <= 5 then s = s .. "." .. math.random(0, 9)
  elseif p <= 8 then s = s .. "." .. math.random(10, 30) elseif p == 9 then s = s .. "." .. math.random(100, 120) end
  if math.random(100) == 1 then s = s .. "---------------------" end
  return s .. conv, conv
end

local function show_arg(v)
  if v == nil then return "nil"
  elseif type(v) == "boolean" then return tostring(v)
  elseif math.type(v) == "integer" then return "i" .. v
  elseif math.type(v) == "float" then return string.format("f%016x", bits_of(v))
  else return "s" .. escape(v) end
end

local function argument_for(conv)
  if conv == "p" then return nil
  elseif ("cdiuoxX"):find(conv, 1, true) then
    return math.random(12) == 1 and pick{3.0, 2.5} or random_int()
  elseif ("aAeEfgG"):find(conv, 1, true) then
    return math.random(6) == 1 and random_int() or random_float()
  elseif conv == "s" then return random_string()
  elseif conv == "q" then
    return pick{random_string(), random_int(), random_float(), true, false}
  else return random_int() end
end

local out = assert(io.open("format.txt", "w"))
local function emit(fmt, args, n)
  local shown = {}
  for i = 1, n do shown[i] = show_arg(args[i]) end
  local ok, result = pcall(string.format, fmt, table.unpack(args, 1, n))
  result = ok and "s" .. escape(result) or "err:" .. escape(result)
  out:write(escape(fmt), "\t", table.concat(shown, ","), "\t", result, "\n")
end
for _ = 1, 4000 * scale do
  local parts, args, n = {}, {}, 0
  for i = 1, pick{1, 1, 2, 3} do
    local item, conv = random_item()
    parts[#parts + 1] = pick{"", "", "<", " x ", "%%", "\0"} .. item
    if conv ~= "%" then
      n = n + 1
      args[n] = argument_for(conv)
    end
  end
  if math.random(15) == 1 then n = n - 1 end
  if math.random(25) == 1 then parts[#parts + 1] = "%" end
  emit(table.concat(parts), args, n)
end
out:close()
