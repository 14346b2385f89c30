-- math.mininteger in division, negation, conversion and literals
local min = math.mininteger
print(min // -1, min % -1, min * -1, -min == min, math.abs(min))
print(-9223372036854775808, math.type(-9223372036854775808), -0x8000000000000000)
print(math.tointeger(-2^63), math.tointeger(2^63), min // 1.0, min / -1)
print(math.fmod(min, -1), math.fmod(min, min), math.ult(min, 0), math.ult(0, min))
