-- all strings share one metatable whose __index is the string table
local mt = getmetatable("")
print(type(mt), mt == getmetatable("other"), mt.__index == string)
print(("abc"):len(), ("x").len == string.len, ("x").nothing)
local keys = {}
for k in pairs(mt) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, " "))
string.shout = function(s) return s:upper() .. "!" end
print(("hey"):shout())
string.shout = nil
print(pcall(function() return ("hey"):shout() end))
print(pcall(function() return ("x")[1] end))
print(#"abc", ("abc").sub == string.sub)
