-- load's mode restricts text and binary chunks
print(load("return 1", "c", "b"))
local dumped = string.dump(load("return 2"))
print(load(dumped, "d", "t"))
print(load(dumped, "d", "b")())
print(load(dumped, "d", "bt")())
