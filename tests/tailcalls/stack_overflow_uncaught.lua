-- uncaught runaway recursion ends the script with a stack overflow error
local function runaway() return 1 + runaway() end
print("start")
runaway()
