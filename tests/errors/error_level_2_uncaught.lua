-- level 2 blames the line that called the failing function
local function check(x) if not x then error("check failed", 2) end end
print("ok so far")
check(false)
