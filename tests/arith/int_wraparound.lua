-- integer arithmetic wraps around modulo 2^64
local max, min = math.maxinteger, math.mininteger
print(max + 1 == min, min - 1 == max, max * 2, min * -1, -min, max + max)
print(min // -1, min % -1, math.abs(min), max * max)
