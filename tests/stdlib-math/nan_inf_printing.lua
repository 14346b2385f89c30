-- infinities, nans and -0.0 print as the reference prints them, also through tostring and %g
local nan = 0/0
print(math.huge, -math.huge, nan, -nan, -(0/0))
print(tostring(1/0), tostring(-1/0), tostring(-0.0), tostring(0.0))
print(string.format("%g %g %.3f", math.huge, -math.huge, -0.0))
print(math.sqrt(-1) ~= math.sqrt(-1), nan == nan, nan < 1, nan > 1)
print(1/(-0.0), 1/0.0, -0.0 == 0.0, 0.0 // -1)
print(math.huge // 1, -math.huge % 2, 5 % math.huge, -5 % math.huge)
print(math.fmod(-6, 3), math.fmod(-6.0, 3), 3 % -2, 3.0 % -2, -3 % 2.0)
