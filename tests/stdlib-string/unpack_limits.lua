-- unpacking integers wider than 8 bytes fails unless the extra bytes are a sign extension
print(string.unpack("<i9", "\1\0\0\0\0\0\0\0\0"), string.unpack("<i9", ("\255"):rep(9)))
print(pcall(string.unpack, "<i9", "\0\0\0\0\0\0\0\0\1"))
print(pcall(string.unpack, "<I9", "\0\0\0\0\0\0\0\0\1"))
print(pcall(string.unpack, ">i16", "\1" .. ("\0"):rep(15)))
print(pcall(string.unpack, "<i16", ("\0"):rep(8) .. ("\255"):rep(8)))
print(pcall(string.unpack, "<I9", ("\255"):rep(9)))
print(string.unpack("<i9", ("\255"):rep(8) .. "\255"), string.unpack("<I9", ("\255"):rep(8) .. "\0"))
