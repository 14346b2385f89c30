-- getinfo 't': istailcall is true in a function reached by a tail call
local function probe() return debug.getinfo(1, "t").istailcall end
local function normal() local r = probe(); return r end
local function tail() return probe() end
print(normal(), tail())
local function caller_of_tail() return debug.getinfo(2, "nSt") end
local function via_tail() return caller_of_tail() end
local i = via_tail()
print(i.what, i.short_src, i.name, i.istailcall)
print(debug.getinfo(print, "t").istailcall)
