-- utf8.len in lax mode accepts surrogates and code points up to 0x7FFFFFFF
local s = "\xED\xA0\x80" .. "\xF4\x90\x80\x80" .. utf8.char(0x7FFFFFFF)
print(utf8.len(s), utf8.len(s, 1, -1, true), utf8.len(s, 4, -1, true))
print(utf8.len("\u{D7FF}\u{E000}\u{10FFFF}"), utf8.len("\xF4\x8F\xBF\xBF"))
print(utf8.len(utf8.char(0x110000)), utf8.len(utf8.char(0x110000), 1, -1, true))
