-- string.format checks argument types and integer representability
print(pcall(string.format, "%d", 3.5))
print(pcall(string.format, "%d", "x"))
print(pcall(string.format, "%d"))
print(pcall(string.format, "%y", 1))
print(pcall(string.format, "%s"))
print(pcall(string.format, "%10.123f", 1))
