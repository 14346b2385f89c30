-- an error level past the top of the stack adds no position
print(pcall(error, "far", 50))
print(pcall(function() error("level 3", 3) end))
local function a() error("two up", 2) end
local function b() a() end
print(pcall(b))
