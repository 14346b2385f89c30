-- utf8.codes iterates over byte positions and code points
for p, c in utf8.codes("a\u{E9}\u{20AC}\u{1F600}\0z") do io.write(p, "=", c, " ") end
print()
for p, c in utf8.codes("") do print("never", p, c) end
local f, s, i = utf8.codes("ab")
print(type(f), s, i, f(s, i), f(s, 1), f(s, 2))
print(pcall(function() for p, c in utf8.codes("ab\xFFc") do io.write(p, " ") end end))
print(pcall(function() for p, c in utf8.codes("\xE2\x82") do end end))
print(pcall(function() for p, c in utf8.codes("a\x80") do io.write(p, " ") end end))
print(pcall(utf8.codes, nil))
