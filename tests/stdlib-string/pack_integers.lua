-- pack/unpack of every integer option, shown byte by byte in little endian
local function bytes(s) return table.concat({ s:byte(1, -1) }, " ") end
for _, opt in ipairs({ "b", "B", "h", "H", "i", "I", "l", "L", "j", "J", "T" }) do
  local p = string.pack("<" .. opt, 100)
  print(opt, #p, bytes(p), string.unpack("<" .. opt, p))
end
print(bytes(string.pack("<b", -1)), string.unpack("<b", "\255"), string.unpack("<B", "\255"))
print(bytes(string.pack("<h", -2)), string.unpack("<h", "\254\255"), string.unpack("<H", "\254\255"))
print(bytes(string.pack("<j", math.mininteger)), string.unpack("<j", string.pack("<j", math.mininteger)))
print(string.unpack("<J", string.pack("<j", -1)), string.unpack("<I8", string.pack("<j", -1)))
