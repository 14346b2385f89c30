-- %c writes one byte, zero included, with an optional width
local f = string.format
print(f("%c%c%c", 76, 117, 97), f("[%5c][%-5c]", 65, 66))
print(f("%c", 0) == "\0", #f("a%cb", 0), f("%c", 255):byte())
print(f("%c", 65.0), f("%c", "66"))
print(pcall(f, "%c", 1.5))
print(pcall(f, "%c", "x"))
print(pcall(f, "%.2c", 65))
print(pcall(f, "%05c", 65))
