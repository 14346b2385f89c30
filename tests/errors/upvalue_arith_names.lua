-- variable names in errors also cover upvalues and fields in arithmetic
local up = {}
local function f() return up + 1 end
print(pcall(f))
local t = {f = "str"}
print(pcall(function() return t.f + 1 end))
print(pcall(function() return t.g + 1 end))
print(pcall(function() return up.x.y end))
