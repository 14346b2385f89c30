-- math.ult compares integers as unsigned; floats with integral values are accepted
print(math.ult(1, 2), math.ult(2, 1), math.ult(1, 1))
print(math.ult(-1, 1), math.ult(1, -1), math.ult(math.maxinteger, math.mininteger))
print(math.ult(0, -1), math.ult(-2, -1), math.ult(3.0, 4))
print(pcall(math.ult, 1.5, 2))
print(pcall(math.ult, 1, "x"))
print(pcall(math.ult, 1))
print(pcall(math.ult, 2^63, 1))
