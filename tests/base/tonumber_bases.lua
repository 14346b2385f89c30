-- tonumber with a base reads integers in bases 2 to 36
print(tonumber("ff", 16), tonumber("FF", 16), tonumber("zz", 36), tonumber("777", 8), tonumber("101", 2))
print(tonumber("8", 8), tonumber("1.5", 10), tonumber(" 11 ", 2), tonumber("-ff", 16), tonumber("", 10))
print(tonumber("7fffffffffffffff", 16), tonumber("ffffffffffffffff", 16), tonumber("10000000000000000", 16))
print(pcall(tonumber, "10", 1))
print(pcall(tonumber, "10", 37))
print(pcall(tonumber, 10, 16))
print(pcall(tonumber, "10", 2.5))
print(tonumber("10", 36.0))
