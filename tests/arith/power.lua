-- ^ always works on floats
print(2 ^ 2, 2 ^ 53, 2 ^ 0.5, 2 ^ -1, (-8) ^ (1 / 3) ~= (-8) ^ (1 / 3), 0 ^ 0, 10 ^ 308 * 10)
print(2 ^ 63 == math.maxinteger + 1.0, math.type(2 ^ 2), (-2) ^ 2, -2 ^ 2, 2 ^ 3 ^ 2)
