-- # calls __len on tables; rawlen ignores it
local t = setmetatable({1, 2}, {__len = function() return 42 end})
print(#t, rawlen(t), rawlen("abc"))
print(pcall(rawlen, 5))
