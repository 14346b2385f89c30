-- floor/ceil return integers when they fit, floats otherwise
print(math.floor(3.7), math.ceil(3.2), math.floor(-3.5), math.ceil(-3.5), math.floor(-0.0))
print(math.floor(2^70), math.ceil(-2^70), math.floor(5), math.type(math.floor(1e100)))
print(math.tointeger(3.0), math.tointeger(3.5), math.tointeger("8"), math.tointeger({}), math.tointeger(2^53))
