-- integers and floats are subtypes of number; math.type tells them apart
print(math.type(1), math.type(1.0), math.type("1"), math.type(nil), math.type(2^31), math.type(1 // 1))
print(math.type(3 / 1), math.type(3 // 1.0), math.type(-0), math.type(-0.0), math.type(0x10))
