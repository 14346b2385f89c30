-- string.char reports the first bad argument by position
print(pcall(string.char, 256))
print(pcall(string.char, 65, -1))
print(pcall(string.char, 65, 66, 1.5))
print(pcall(string.char, 65, "x"))
print(pcall(string.char, nil))
print(pcall(string.char, math.maxinteger))
