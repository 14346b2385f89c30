-- strict utf8.codepoint refuses surrogates and code points above 0x10FFFF; lax accepts them
local sur, big, huge = "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFD\xBF\xBF\xBF\xBF\xBF"
print(pcall(utf8.codepoint, sur))
print(utf8.codepoint(sur, 1, 1, true), utf8.codepoint(big, 1, 1, true), utf8.codepoint(huge, 1, 1, true))
print(pcall(utf8.codepoint, big))
print(pcall(utf8.codepoint, huge))
print(utf8.codepoint("\u{10FFFF}"), utf8.codepoint("\u{D7FF}"), utf8.codepoint("\u{E000}"))
print(pcall(utf8.codepoint, "\xC0\x80", 1, 1, true))
print(pcall(utf8.codepoint, "\xFE\x80\x80\x80\x80\x80\x80", 1, 1, true))
