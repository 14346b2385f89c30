-- integer/float comparisons are exact, never rounding the integer
local max = math.maxinteger
print(max < 2^63, max <= 2^63, max + 0.0 == 2^63, max == 2^63, max > 2^63 - 1024)
print(2^53 == 2^53 + 1, 2^53 < 2^53 + 1, (2^53 | 0) + 1 > 2^53, math.mininteger == -2^63)
print(1 < 1.5, 2 > 1.5, -1 < -0.5, 3 == 3.0000000000000001, 1 < math.huge, math.mininteger > -math.huge)
local nan = 0/0
print(1 < nan, 1 > nan, nan == nan, max < nan)
