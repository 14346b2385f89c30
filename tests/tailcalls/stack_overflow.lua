-- unbounded recursion ends in a catchable "stack overflow" error
local function runaway(n) return 1 + runaway(n + 1) end
local ok, err = pcall(runaway, 1)
print(ok, (string.find(err, "stack overflow", 1, true)) ~= nil)
print(err:match("^[^:]+:%d+:"))
local ok2 = pcall(runaway, 1)
print(ok2, "still usable")
