-- math.max/min keep the chosen argument's subtype and need at least one number
print(math.max(1, 2.0), math.max(2, 1.0), math.min(1, 1.0), math.max(-0.0, 0), math.max(3))
print(pcall(math.max))
print(pcall(math.min, 1, "x"))
print(pcall(math.max, "10", 2))
