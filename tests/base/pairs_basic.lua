-- pairs returns next, the table and nil when there is no __pairs
local t = {}
local f, s, k = pairs(t)
print(f == next, s == t, k)
print(pcall(pairs))
print(pcall(function() for k in pairs(nil) do end end))
