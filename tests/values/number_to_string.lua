-- floats print with %.14g and keep a ".0" when they look like integers
print(1.0, -1.0, 100.0, 1e15, 1e16, 123456789012345.0, 2^63, -2^63)
print(0.1, 1/3, -1/3, 3.14159265358979, 1e100, 1e-5, 123e-310)
print(2^53, 2^53 + 1, 1e14 + 0.5, 12345678901234567890)
