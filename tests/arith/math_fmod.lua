-- math.fmod truncates toward zero and rejects an integer zero divisor
print(math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7, -3), math.fmod(-7.5, 2), math.fmod(7, 3.0))
print(pcall(math.fmod, 1, 0))
print(math.fmod(1, 0.0) ~= math.fmod(1, 0.0), math.fmod(5, math.huge), math.fmod(math.mininteger, -1))
