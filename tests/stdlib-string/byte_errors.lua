-- string.byte rejects non-integral and non-numeric positions
print(pcall(string.byte, "abc", 1.5))
print(pcall(string.byte, "abc", "x"))
print(pcall(string.byte, "abc", 1, {}))
print(pcall(string.byte))
print(pcall(string.byte, {}))
print(pcall(string.byte, "abc", 2^63))
