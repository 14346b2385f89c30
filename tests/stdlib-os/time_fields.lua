-- os.time(t) normalises out-of-range fields and writes them back (results independent of the zone)
local function show(t)
  print(t.year, t.month, t.day, t.hour, t.min, t.sec, t.yday, t.wday, t.isdst ~= nil)
end
local t = {year = 2000, month = 14, day = -3, hour = 25, min = 61, sec = -1}
os.time(t)
show(t)
t = {year = 2021, month = 2, day = 29}
os.time(t)
show(t)
t = {year = 2020, month = 0, day = 0, hour = 0}
os.time(t)
show(t)
t = {year = "2001", month = "1", day = 31.0, hour = "1e1", min = 0}
os.time(t)
show(t)
t = {year = 1999, month = 12, day = 31, sec = 86400 * 2}
os.time(t)
show(t)
local a = os.time({year = 2010, month = 1, day = 5, hour = 10})
local b = os.time({year = 2010, month = 1, day = 5, hour = 11, min = 30, sec = 15})
print(b - a, math.type(a))
print(os.time({year = 2010, month = 1, day = 5}) - a)
print(os.difftime(b, a))
local proxy = setmetatable({}, {__index = function(_, k) return ({year = 2020, month = 2, day = 30})[k] end})
os.time(proxy)
print(rawget(proxy, "day"), rawget(proxy, "month"), proxy.day)
local log = {}
local watched = setmetatable({year = 2015, month = 6, day = 1}, {__newindex = function(t, k, v) log[#log + 1] = k rawset(t, k, v) end})
os.time(watched)
print(table.concat(log, " "))
print(type(os.time()), math.type(os.time()), os.time(nil) >= 1700000000)
