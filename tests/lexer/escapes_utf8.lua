-- \u{XXX} encodes code points in UTF-8, up to 2^31 with the extended sequences
local function bytes(s) return table.concat({s:byte(1, -1)}, " ") end
print(bytes("\u{48}"), bytes("\u{7FF}"), bytes("\u{FFFF}"))
print(bytes("\u{10FFFF}"), bytes("\u{7FFFFFFF}"), bytes("\u{0000041}"))
