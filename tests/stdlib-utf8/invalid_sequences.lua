-- overlong, truncated and stray continuation sequences are invalid
local cases = {
  "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xF0\x80\x80\x80", "\x80", "\xBF",
  "\xC2", "\xE2\x82", "\xC2A", "\xFF", "\xFE", "\xF8\x88\x80\x80\x80",
}
for i, s in ipairs(cases) do
  print(i, utf8.len(s), utf8.len(s, 1, -1, true), (pcall(utf8.codepoint, s)))
end
