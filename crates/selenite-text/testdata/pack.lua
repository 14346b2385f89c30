-- Regenerates pack.txt, the reference table of string.pack/unpack/packsize tests,
-- from Lua 5.4.9:   cd crates/selenite-text/testdata && lua5.4.9 pack.lua [scale]
-- Line format (tab-separated): operation, format, arguments, result. Strings are
-- escaped with \xNN for bytes outside [%w%p ] and for '\', ',', ';'. Arguments and
-- results are lists separated by ',' of i<int>, f<hex bits of a float>, s<string>;
-- a failure is err:<message>.
local scale = tonumber(arg[1]) or 1
math.randomseed(4711)

local function escape(s)
  return (s:gsub(".", function(c)
    if c:find("^[%w%p ]") and not c:find("^[\\,;]") then return c end
    return string.format("\\x%02x", c:byte())
  end))
end
local function pick(list) return list[math.random(#list)] end
local function bits_of(x) return (string.unpack("<i8", string.pack("<d", x))) end
local function float_of(b) return (string.unpack("<d", string.pack("<i8", b))) end
local function show(v)
  if math.type(v) == "integer" then return "i" .. v
  elseif math.type(v) == "float" then return string.format("f%016x", bits_of(v))
  else return "s" .. escape(v) end
end
local function show_all(t, n)
  local shown = {}
  for i = 1, n do shown[i] = show(t[i]) end
  return table.concat(shown, ",")
end

local int_sizes = {1, 2, 3, 4, 5, 7, 8, 9, 12, 16}
local function random_option()
  local r = math.random(30)
  if r <= 12 then
    local o = pick{"b", "B", "h", "H", "l", "L", "j", "J", "T", "i", "I", "i", "I"}
    if (o == "i" or o == "I") and math.random(2) == 1 then o = o .. pick(int_sizes) end
    return o, "int"
  elseif r <= 16 then return pick{"f", "d", "n"}, "float"
  elseif r <= 18 then return "c" .. pick{0, 1, 3, 5}, "char"
  elseif r <= 20 then return "s" .. pick{"", "1", "2", "4", "8", "16"}, "string"
  elseif r == 21 then return "z", "zstr"
  elseif r == 22 then return "x", nil
  elseif r == 23 then return "X" .. pick{"i2", "i4", "d", "i8", "h", "b", "c1", "", "<", "i3", "I16"}, nil
  elseif r <= 26 then return pick{"<", ">", "=", "!", "!2", "!4", "!8", "!16", "!3", " "}, nil
  else return pick{"i17", "i0", "c", "y", "!17", "s0", "\0b", "%", "c2147483648"}, nil end
end

local function value_for(kind, option)
  if kind == "int" then
    local size = tonumber(option:match("%d+")) or ({b = 1, B = 1, h = 2, H = 2, i = 4, I = 4})[option] or 8
    local r = math.random(6)
    if r == 1 then return math.random(math.mininteger, math.maxinteger)
    elseif r == 2 then return math.random(-300, 300)
    elseif r == 3 and size < 8 then
      local lim = 1 << (size * 8 - 1)
      return pick{lim - 1, -lim, lim, -lim - 1, 2 * lim - 1, 2 * lim}
    elseif r == 4 then return pick{math.mininteger, math.maxinteger, 0, -1}
    elseif r == 5 then return pick{3.0, 2.5, -7.0}
    else return math.random(0, 1 << (math.min(size, 7) * 8) - 1) end
  elseif kind == "float" then
    return pick{1.5, -0.0, 1/0, 0/0, 1e300, 3.4028235e38, 1e-40, 7, float_of(math.random(math.mininteger, math.maxinteger))}
  elseif kind == "char" or kind == "string" or kind == "zstr" then
    if math.random(15) == 1 then return string.rep("x", 256) end
    return pick{"", "a", "abc", "hello", "a\0b", 12, 1.5}
  end
end

local out = assert(io.open("pack.txt", "w"))
local function run(f, ...)
  local r = table.pack(pcall(f, ...))
  if not r[1] then return "err:" .. escape(r[2]) end
  return show_all({table.unpack(r, 2, r.n)}, r.n - 1)
end
for _ = 1, 1500 * scale do
  local options, args, n = {}, {}, 0
  for i = 1, math.random(1, 5) do
    local option, kind = random_option()
    options[i] = option
    if kind then n = n + 1; args[n] = value_for(kind, option) end
  end
  if math.random(12) == 1 then n = n - 1 end
  local fmt = table.concat(options)
  local packed = table.pack(pcall(string.pack, fmt, table.unpack(args, 1, n)))
  local result = packed[1] and "s" .. escape(packed[2]) or "err:" .. escape(packed[2])
  if not fmt:find("c2147483648", 1, true) then  -- packs 200 MB before failing
    out:write("pack\t", escape(fmt), "\t", show_all(args, n), "\t", result, "\n")
  end
  out:write("packsize\t", escape(fmt), "\t\t", run(string.packsize, fmt), "\n")
  local data = packed[1] and packed[2] or string.rep("\1\255\0a", math.random(0, 6))
  if math.random(4) == 1 then data = data:sub(1, math.random(0, #data)) end
  local init = pick{1, 1, 1, 2, -3, 0, #data + 1, #data + 2}
  out:write("unpack\t", escape(fmt), "\t", show_all({data, init}, 2), "\t", run(string.unpack, fmt, data, init), "\n")
end
out:close()
