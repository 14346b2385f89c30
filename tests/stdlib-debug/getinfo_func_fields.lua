-- getinfo 'f' gives the function itself; without options every field is filled; the option string is checked
local function f() return debug.getinfo(1, "f").func end
print(f() == f, debug.getinfo(print, "f").func == print)
local all = debug.getinfo(f)
local keys = {}
for k in pairs(all) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, " "))
local some = debug.getinfo(f, "Sl")
keys = {}
for k in pairs(some) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, " "))
print(pcall(debug.getinfo, f, ">S"))
print(pcall(debug.getinfo, 1, "X"))
print(pcall(debug.getinfo, f, "z"))
print(debug.getinfo(100), debug.getinfo(-1))
print(pcall(debug.getinfo))
print(pcall(debug.getinfo, "x"))
print(pcall(debug.getinfo, {}))
