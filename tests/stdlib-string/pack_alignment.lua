-- '!' sets the maximum alignment; items are padded to their size up to it
local function bytes(s) return table.concat({ s:byte(1, -1) }, " ") end
print(bytes(string.pack("<!4 b i4", 1, 2)), string.packsize("<!4 b i4"))
print(bytes(string.pack("<!2 b i4", 1, 2)), string.packsize("<!2 b i4"))
print(bytes(string.pack("<! b d", 1, 0)), string.packsize("! b d"), pcall(string.packsize, "!8 b i3"))
print(string.packsize("b i4"), string.packsize("!1 b i4"), string.packsize("!16 b j"))
print(bytes(string.pack("<!4 b Xi4 b", 1, 2)), string.packsize("!4 b Xi4"))
print(string.packsize("!4 b Xh"), pcall(string.packsize, "!4 b X i2"), string.packsize("b Xi8"))
print(bytes(string.pack("<!4 b x b", 1, 2)), string.packsize("x"), string.packsize("xxx"))
print(string.unpack("<!4 b i4", string.pack("<!4 b i4", 7, 8)))
print(pcall(string.packsize, "!4 i3"))
print(pcall(string.packsize, "!2 i3"), string.packsize("!1 i3"), string.packsize("i3"))
