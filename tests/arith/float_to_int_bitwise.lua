-- bitwise operators accept floats with an exact integer value
print(3.0 | 0, 2^53 | 0, -1.0 & 0xff, 1e3 ~ 1, -0.0 | 0, 2^62 >> 61)
print(pcall(function() return 3.5 | 0 end))
print(pcall(function() return 2^63 | 0 end))
print(pcall(function() return "3" | 0 end))
print(pcall(function() return math.huge & 1 end))
