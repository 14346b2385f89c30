-- / always produces a float, even for exact integer quotients
print(4 / 2, 7 / 2, -9 / 3, 0 / 5, math.type(4 / 2))
print(math.mininteger / -1, math.maxinteger / 1)
