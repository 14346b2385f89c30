-- a count hook counts the instructions its own function runs (only calls are suppressed); yields outside coroutines and string lengths from __len follow the reference
local n = 0
debug.sethook(function() n = n + 1; for i = 1, 10 do end end, "", 10)
for i = 1, 100 do end
debug.sethook()
print(n)
print(pcall(coroutine.yield, 1))
local t = setmetatable({}, {__len = function() return "3" end})
print(pcall(table.insert, t, "x"), rawget(t, 4))
