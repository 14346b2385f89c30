-- string.len and the # operator agree; string.len rejects non-strings
print(string.len("abc"), string.len(""), string.len(123), string.len(1.5))
print(pcall(string.len))
print(pcall(string.len, {}))
