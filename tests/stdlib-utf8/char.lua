-- utf8.char encodes code points, up to 0x7FFFFFFF, as 1 to 6 bytes
local function bytes(s) return table.concat({ s:byte(1, -1) }, " ") end
print(utf8.char(72, 105), utf8.char() == "", utf8.char(0) == "\0")
for _, c in ipairs({ 0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x10000, 0x10FFFF, 0x110000, 0x1FFFFF, 0x200000, 0x3FFFFFF, 0x4000000, 0x7FFFFFFF }) do
  print(string.format("%X", c), bytes(utf8.char(c)))
end
print(bytes(utf8.char(0xD800, 0xDFFF)), utf8.char(228, 8364, 0x1F600) == "\u{E4}\u{20AC}\u{1F600}")
print(utf8.char(65.0, "66"))
