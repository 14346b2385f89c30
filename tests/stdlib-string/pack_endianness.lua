-- '<' '>' and '=' choose byte order, and can change inside one format
local function bytes(s) return table.concat({ s:byte(1, -1) }, " ") end
print(bytes(string.pack("<i4", 0x01020304)), bytes(string.pack(">i4", 0x01020304)))
print(bytes(string.pack("=i4", 1)) == bytes(string.pack("<i4", 1)))
print(bytes(string.pack("<i2>i2<i2", 1, 1, 1)))
print(string.unpack(">I2", "\1\2"), string.unpack("<I2", "\1\2"))
print(bytes(string.pack(">d", 1.0)), bytes(string.pack("<f", -2.0)))
print(bytes(string.pack("> < > h", 258)), bytes(string.pack("<  >h", 258)))
