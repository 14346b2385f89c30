-- // rounds toward minus infinity for integers and floats
print(7 // 2, -7 // 2, 7 // -2, -7 // -2, 0 // 3, -0 // 3)
print(7.0 // 2, -7.5 // 2, 7 // -2.0, -0.0 // 1, 6 // 2.0)
print(1 // 0.0, -1 // 0.0, 0.0 // 0.0 ~= 0.0 // 0.0, 5.5 // math.huge, -5.5 // math.huge)
