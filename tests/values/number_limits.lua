-- the integer range is 64-bit two's complement; floats are IEEE doubles
print(math.maxinteger, math.mininteger, math.maxinteger + 1 == math.mininteger)
print(math.huge, -math.huge, math.pi)
print(1.7976931348623157e308, 2.2250738585072014e-308, 4.9e-324, 4.9e-324 / 2)
