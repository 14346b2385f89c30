-- decoding checks continuation bytes, overlong forms and what may follow a character
print(pcall(utf8.codepoint, "\xF8\x88\x80\x80\x80", 1, 1, true))
print(pcall(utf8.codepoint, "\xF0\x90\x80", 1, 1, true))
print(pcall(utf8.codepoint, "\xE0\x9F\xBF", 1, 1, true))
print(pcall(utf8.codepoint, "\xF0\x8F\xBF\xBF", 1, 1, true))
print(pcall(utf8.codepoint, "\xF8\x87\xBF\xBF\xBF", 1, 1, true))
for p, c in utf8.codes("\u{7FF}\u{800}\u{FFFF}\u{10000}") do io.write(p, ":", c, " ") end
print()
print(pcall(function() for p in utf8.codes("a\xC2") do io.write(p, ",") end end))
print(pcall(function() for p in utf8.codes("\xC2\x80\x80") do io.write(p, ",") end end))
print(utf8.len("\xC2\x80\xC2"), utf8.len("\xF4\x90\x80\x80", 1, -1, 1), utf8.len("x", 1, -1, nil))
