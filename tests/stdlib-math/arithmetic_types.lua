-- which operations give integers and which floats, printed with math.type
local cases = {
  {"1 + 2", 1 + 2}, {"1 + 2.0", 1 + 2.0}, {"7 // 2", 7 // 2}, {"7.0 // 2", 7.0 // 2},
  {"7 / 7", 7 / 7}, {"2 ^ 2", 2 ^ 2}, {"-7 % 3", -7 % 3}, {"-7 % 3.0", -7 % 3.0},
  {"'10' + 1", "10" + 1}, {"'10.0' + 1", "10.0" + 1}, {"'0x10' * 1", "0x10" * 1},
  {"maxinteger + 1", math.maxinteger + 1}, {"maxinteger + 1.0", math.maxinteger + 1.0},
  {"mininteger // -1", math.mininteger // -1}, {"mininteger % -1", math.mininteger % -1},
  {"1 << 63", 1 << 63}, {"3.0 | 0", 3.0 | 0},
}
for _, c in ipairs(cases) do print(c[1], c[2], math.type(c[2])) end
print(pcall(function() return 1 // 0 end))
print(pcall(function() return 1 % 0 end))
print(1 // 0.0, -1 // 0.0, 1.0 // 0)
print(pcall(function() return 1.5 | 0 end))
print(pcall(function() return 2^63 | 0 end))
print(pcall(function() return "1.5" | 0 end))
