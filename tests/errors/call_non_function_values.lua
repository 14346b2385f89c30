-- calling numbers, strings, tables or booleans is an error
local n, s, t, b = 1, "s", {}, true
print(pcall(function() n() end))
print(pcall(function() s() end))
print(pcall(function() t() end))
print(pcall(function() b() end))
print(pcall(function() t.x.y() end))
