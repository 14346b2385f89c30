-- decimal floats, exponents and hexadecimal floats with binary exponents
print(1e10, 1E-2, .5, 5., 3.0, 0.1e1)
print(0x1p4, 0x.8, 0xA.8p1, 0x1P-2, 0x.1p4)
print(1e309, -1e309, 2e-400)
print(math.type(1e2), math.type(0x10), math.type(0x10p0))
