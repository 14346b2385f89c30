-- math.type tells "integer", "float" or fail (nil) for non-numbers, strings included
print(math.type(1), math.type(1.0), math.type(-0.0), math.type(2^53))
print(math.type(1 // 1), math.type(1 / 1), math.type(3 % 2), math.type(3.0 % 2))
print(math.type("1"), math.type("1.0"), math.type(nil), math.type({}), math.type(true))
print(math.type(0/0), math.type(math.huge))
print(pcall(math.type))
