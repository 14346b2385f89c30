-- indexing values that are not tables (or strings) is an error
local n = 5
print(pcall(function() return n.x end))
print(pcall(function() return n[1] end))
print(pcall(function() n.x = 1 end))
print(pcall(function() local b = true; b.x = 1 end))
print(pcall(function() return (nil)[1] end))
