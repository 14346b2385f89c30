-- Regenerates time.txt, the reference table of the calendar and strftime tests,
-- from Lua 5.4.9:   cd crates/selenite-text/testdata && lua5.4.9 time.lua [scale]
-- It runs itself once per time zone (TZ set in the environment); each line is
-- tab-separated: operation, TZ value, input, result. `date` lines hold the format
-- (escaped: \xNN outside [%w%p ] and for '\', ',', ';') and the time; `time` lines the
-- table fields (year,month,day,hour,min,sec,isdst; "nil" when absent) and the result:
-- the time and the normalised fields, or err:<message>. Calls to os.time are listed in
-- the order they were made, as glibc's mktime remembers the offset it last found.
local interpreter = arg[-1] or "lua5.4.9"
local zones = {"UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata",
               "EST5EDT,M3.2.0,M11.1.0", "<+0530>-5:30", "", "Foo/Bar", ":Europe/Paris",
               "/usr/share/zoneinfo/America/Sao_Paulo", "Pacific/Chatham", "America/St_Johns"}

if arg[1] ~= "zone" then
  local scale = tonumber(arg[1]) or 1
  local out = assert(io.open("time.txt", "w"))
  for i, zone in ipairs(zones) do
    local command = string.format("TZ='%s' %s time.lua zone %d %d", zone, interpreter, i, scale)
    local child = assert(io.popen(command))
    out:write(child:read("a"))
    assert(child:close())
  end
  out:close()
  return
end

local zone = zones[tonumber(arg[2])]
local scale = tonumber(arg[3])
math.randomseed(8800 + tonumber(arg[2]))
local function pick(list) return list[math.random(#list)] end
local function escape(s)
  return (s:gsub(".", function(c)
    if c:find("^[%w%p ]") and not c:find("^[\\,;]") then return c end
    return string.format("\\x%02x", c:byte())
  end))
end
local function fields(t)
  local v = {}
  for i, k in ipairs{"year", "month", "day", "hour", "min", "sec", "wday", "yday"} do v[i] = tostring(t[k]) end
  v[#v + 1] = tostring(t.isdst)
  return table.concat(v, ",")
end

local conversions = {"a", "A", "b", "B", "c", "C", "d", "D", "e", "F", "g", "G", "h", "H", "I", "j", "m",
  "M", "n", "p", "r", "R", "S", "t", "T", "u", "U", "V", "w", "W", "x", "X", "y", "Y", "z", "Z", "%",
  "Ec", "EC", "Ex", "EX", "Ey", "EY", "Od", "Oe", "OH", "OI", "Om", "OM", "OS", "Ou", "OU", "OV", "Ow", "OW", "Oy"}
local function random_format()
  local parts = {}
  for i = 1, math.random(1, 6) do
    parts[i] = pick{"", "", " ", "-", "x\0y", "|"} .. "%" .. pick(conversions)
  end
  local f = table.concat(parts)
  if math.random(25) == 1 then f = f .. pick{"%", "%E", "%Ez tail", "%O", "%q\0rest", "%k", "%Ea"} end
  if math.random(2) == 1 then f = "!" .. f end
  return f
end
local limit = 67768036191676799
local function random_time()
  local r = math.random(8)
  if r == 1 then return math.random(-2^31, 2^31)
  elseif r == 2 then return math.random(0, 2^32)
  elseif r == 3 then return math.random(-2^40, 2^40)
  elseif r == 4 then return pick{0, -1, 1, limit, limit + 1, -limit - 3600 * 24 * 366, -67768040609740800,
                                 -67768040609740801, 1710052200, 1710055800, 1730611800, 1730615400}
  elseif r == 5 then return math.random(-limit, limit)
  elseif r == 6 then return math.random(math.mininteger, math.maxinteger)
  else return math.random(1577836800, 1893456000) end
end

local function emit(...) io.write(table.concat({...}, "\t"), "\n") end
for _ = 1, 200 * scale do
  local f, t = random_format(), random_time()
  if math.random(10) == 1 then f = pick{"*t", "!*t"} end
  local ok, result = pcall(os.date, f, t)
  if ok and type(result) == "table" then result = "t" .. fields(result)
  elseif ok then result = "s" .. escape(result)
  else result = "err:" .. escape(result) end
  emit("date", zone, escape(f), tostring(t), result)
end
for _ = 1, 250 * scale do
  local r = math.random(4)
  local year
  if r == 1 then year = math.random(1960, 2040)
  elseif r == 2 then year = pick{1900, 1800, 1883, -100, 3000, 30000, 2038, 1969, 1970}
  elseif r == 3 then year = pick{2^31 - 1 + 1900, -2^31 + 1900, 2^31 + 1900, 2^40}
  else year = math.random(-3000, 12000) end
  local t = {year = year, month = pick{math.random(1, 12), math.random(1, 12), math.random(-15, 30)},
             day = pick{math.random(1, 28), math.random(-40, 70)},
             hour = pick{nil, math.random(0, 23), math.random(-30, 60)},
             min = pick{nil, math.random(0, 59), math.random(-100, 100)},
             sec = pick{nil, math.random(0, 59), math.random(-100, 100), 60, -1},
             isdst = pick{nil, nil, true, false}}
  if math.random(3) == 1 then t.month, t.day, t.hour, t.min = pick{3, 10, 11, 4, 9}, math.random(1, 31), pick{0, 1, 2, 3}, pick{0, 30, 59} end
  local input = table.concat({tostring(t.year), tostring(t.month), tostring(t.day), tostring(t.hour),
                              tostring(t.min), tostring(t.sec), tostring(t.isdst)}, ",")
  local ok, result = pcall(os.time, t)
  result = ok and ("i" .. result .. "," .. fields(t)) or ("err:" .. escape(result))
  emit("time", zone, input, result)
end
