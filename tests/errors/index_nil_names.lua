-- indexing nil names the variable kind: local, global, field, upvalue
local t
print(pcall(function() local l; return l.x end))
print(pcall(function() return t.x end))
print(pcall(function() return undefinedglobal.x end))
print(pcall(function() local a = {} return a.b.c end))
print(pcall(function() local a = {b = {}} return a.b.c.d end))
print(pcall(function() local a = {} a.b.c = 1 end))
