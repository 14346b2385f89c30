-- an __index function receives the table and the key
local t = setmetatable({real = 1}, {__index = function(tbl, k) return k .. "!" end})
print(t.real, t.virtual, t[1], rawget(t, "virtual"))
