-- iN and IN take any size from 1 to 16 bytes, sign-extending on unpack
local function bytes(s) return table.concat({ s:byte(1, -1) }, " ") end
for n = 1, 16 do
  local p = string.pack("<i" .. n, -2)
  io.write(n, ":", #p, ":", (string.unpack("<i" .. n, p)), " ")
end
print()
for n = 1, 8 do io.write(n, ":", (string.unpack("<I" .. n, string.pack("<i" .. n, -2))), " ") end
print()
print(bytes(string.pack("<i3", 0x123456)), bytes(string.pack(">i3", 0x123456)))
print(bytes(string.pack("<i16", -1)), string.unpack("<i16", string.pack("<i16", -1)))
print(bytes(string.pack("<I16", 1)), string.unpack("<I16", string.pack("<I16", 7)))
print(string.unpack("<i12", string.pack("<i12", math.mininteger)), string.unpack("<I9", string.pack("<i9", math.maxinteger)))
print(string.packsize("i"), string.packsize("I"), string.packsize("i7"), string.packsize("I16"))
