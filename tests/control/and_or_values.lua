-- and/or return one of their operands, not necessarily booleans
print(1 and 2, nil and 2, false and nil, 1 or 2, nil or "d", false or false)
print(nil and nil or "x", 0 or 1, "" and "yes")
local calls = 0
local function f() calls = calls + 1 return true end
local _ = false and f()
local _ = true or f()
print(calls)
