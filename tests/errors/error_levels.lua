-- error's level chooses which function's position prefixes the message
local function lvl1() error("one", 1) end
local function lvl2() error("two", 2) end
local function lvl0() error("zero", 0) end
local function caller() lvl2() end
print(pcall(lvl1))
print(pcall(caller))
print(pcall(lvl0))
print(pcall(error, "direct"))
print(pcall(error, "direct", 2))
