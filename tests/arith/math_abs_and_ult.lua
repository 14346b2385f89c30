-- math.abs wraps for mininteger; math.ult compares as unsigned
print(math.abs(-5), math.abs(-5.5), math.abs(math.mininteger), math.abs(-0.0))
print(math.ult(1, 2), math.ult(-1, 2), math.ult(2, -1), math.ult(0, 0))
print(pcall(math.ult, 1.5, 2))
