-- utf8.codes in lax mode accepts surrogates and large code points
local s = "\xED\xA0\x80" .. utf8.char(0x7FFFFFFF) .. "x"
print(pcall(function() for p, c in utf8.codes(s) do io.write(p, " ") end end))
for p, c in utf8.codes(s, true) do io.write(p, "=", c, " ") end
print()
print(pcall(function() for p, c in utf8.codes("\xC0\x80", true) do end end))
print(pcall(function() for p, c in utf8.codes("a\xBF\xBF", true) do io.write(p, " ") end end))
