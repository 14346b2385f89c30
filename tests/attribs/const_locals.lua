-- <const> locals can be read and captured like any local
local x <const> = 10
local s <const> = "str"
local function f() return x * 2, s end
print(x, f())
