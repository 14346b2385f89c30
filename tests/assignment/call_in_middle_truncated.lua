-- a call that is not last in a list gives exactly one value
local function two() return "a", "b" end
local x, y, z = two(), "c"
print(x, y, z)
print(two(), two())
print((two()))
