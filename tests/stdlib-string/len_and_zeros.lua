-- string.len counts bytes, embedded zeros included
print(string.len(""), string.len("abc"), string.len("a\0b"), string.len("\0\0\0"))
print(("\u{10FFFF}"):len(), string.len(12345), string.len(1.5), string.len(-0.0))
print(pcall(string.len))
print(pcall(string.len, nil))
print(pcall(string.len, true))
