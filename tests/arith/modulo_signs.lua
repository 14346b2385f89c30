-- the result of % has the sign of the divisor
print(7 % 3, -7 % 3, 7 % -3, -7 % -3, 6 % -3, -6 % 3)
print(5.5 % 2, -5.5 % 2, 5.5 % -2, -5.5 % -2, 3 % 1.5)
print(5 % math.huge, -5 % math.huge, 5 % -math.huge, -5 % -math.huge)
print(math.huge % 2 ~= math.huge % 2, 1 % 0.0 ~= 1 % 0.0, -0.0 % 1)
