-- strings are values: equal contents are equal however they were built
local a = "hel" .. "lo"
local b = string.format("%s", "hello")
local c = ("hello"):sub(1)
print(a == b, b == c, rawequal(a, c), #a)
local t = {}; t[a] = 1
print(t.hello, t[b], t["hel" .. "lo"])
local long1 = string.rep("x", 100) .. "y"
local long2 = string.rep("x", 99) .. "xy"
print(long1 == long2, t[long1], (function() t[long1] = 2 return t[long2] end)())
