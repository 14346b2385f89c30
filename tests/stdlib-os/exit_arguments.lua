-- os.exit's status argument: booleans, integers, numeric strings; other values are errors
print(pcall(os.exit, 1.5))
print(pcall(os.exit, "x"))
print(pcall(os.exit, {}))
os.exit("7")
