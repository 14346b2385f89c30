-- large and small floats switch to exponent notation at %.14g boundaries
print(1e14, 1e15, 1e16, 123456789012345678.0, 0.0001, 0.00001, 12345.678901234567)
print(2^63, 2^64, -2^1023 * 2, 5e-324)
