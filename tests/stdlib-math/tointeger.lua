-- math.tointeger converts integral floats, fails (nil) for fractions, out-of-range, inf, nan and non-numbers
print(math.tointeger(3.0), math.tointeger(3), math.tointeger(-0.0), math.type(math.tointeger(-0.0)))
print(math.tointeger(3.5), math.tointeger(2^63), math.tointeger(-2^63), math.tointeger(2^53))
print(math.tointeger(math.huge), math.tointeger(-math.huge), math.tointeger(0/0))
print(math.tointeger("8"), math.tointeger("8.0"), math.tointeger({}), math.tointeger(nil))
print(math.tointeger(math.mininteger), math.tointeger(math.maxinteger + 0.0))
print(pcall(math.tointeger))
