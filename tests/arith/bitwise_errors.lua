-- bitwise operations on non-numbers name the operand
local t, s = {}, "abc"
print(pcall(function() return t & 1 end))
print(pcall(function() return 1 | s end))
print(pcall(function() return ~nil end))
print(pcall(function() return 1.5 << 1 end))
print(pcall(function() return "1.5" >> 1 end))
print(pcall(function() return true ~ 1 end))
