-- string.byte and string.char convert between bytes and characters
print(("ABC"):byte(), ("ABC"):byte(-1), ("ABC"):byte(1, -1))
print(string.char(72, 105), string.char() == "", #string.char(0, 255))
print(pcall(string.char, 256))
print(pcall(string.char, -1))
print(select("#", ("abc"):byte(10)))
