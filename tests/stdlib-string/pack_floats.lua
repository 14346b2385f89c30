-- f, d and n pack floats and round-trip them
local function bytes(s) return table.concat({ s:byte(1, -1) }, " ") end
print(string.packsize("f"), string.packsize("d"), string.packsize("n"))
print(bytes(string.pack("<d", 1.5)), bytes(string.pack("<f", 0.5)))
print(string.unpack("<d", string.pack("<d", math.pi)) == math.pi, string.unpack("<n", string.pack("<n", -0.1)))
print(string.unpack("<f", string.pack("<f", 0.1)), string.unpack("<f", string.pack("<f", 3)))
print(string.unpack("<d", string.pack("<d", math.huge)), string.unpack("<f", string.pack("<f", -math.huge)))
local nan = string.unpack("<d", string.pack("<d", 0 / 0))
print(nan ~= nan, math.type(string.unpack("<d", string.pack("<d", 2))))
print(string.unpack("<f", string.pack("<f", 1e300)), bytes(string.pack("<d", -0.0)))
print(pcall(string.pack, "d", "x"))
print(string.pack("<d", "2") == string.pack("<d", 2.0), string.pack("<f", 3) == string.pack("<f", 3.0))
