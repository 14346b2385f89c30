-- utf8.char rejects negative values, values above 0x7FFFFFFF and non-integers
print(pcall(utf8.char, -1))
print(pcall(utf8.char, 0x80000000))
print(pcall(utf8.char, 65, math.maxinteger))
print(pcall(utf8.char, 1.5))
print(pcall(utf8.char, "x"))
print(pcall(utf8.char, 65, nil))
print(pcall(utf8.char, {}))
