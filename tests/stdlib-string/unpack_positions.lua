-- unpack starts at an optional position and returns the position after the data
local p = string.pack("<i2 i2 i2", 1, 2, 3)
print(string.unpack("<i2", p), string.unpack("<i2", p, 3), string.unpack("<i2", p, -2))
print(string.unpack("<i2 i2", p, 2))
print(string.unpack("", p), string.unpack("", p, 7), string.unpack("", ""))
print(pcall(string.unpack, "<i2", p, 8))
print(pcall(string.unpack, "<i2", p, -100))
print(pcall(string.unpack, "<i2", p, 6))
print(pcall(string.unpack, "<i2", p, 0))
print(pcall(string.unpack, "<i2", p, 1.5))
print(select("#", string.unpack("<i2 i2 i2", p)))
local s = string.pack("z B", "hello", 200)
local pos = 1
local str, n
str, pos = string.unpack("z", s, pos)
n, pos = string.unpack("B", s, pos)
print(str, n, pos)
