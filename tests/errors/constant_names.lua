-- operations on constants name them as constants
print(pcall(function() return ("abc") + 1 end))
print(pcall(function() local t = {} return t.x .. "y" end))
print(pcall(function() return #nil end))
print(pcall(function() local x <const> = nil; return x.y end))
