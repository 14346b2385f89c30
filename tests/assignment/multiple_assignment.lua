-- extra values are dropped and missing ones become nil
local a, b, c = 1, 2
print(a, b, c)
local d, e = 1, 2, 3
print(d, e)
local x, y = (function() return 1, 2, 3 end)()
print(x, y)
