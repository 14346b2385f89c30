-- utf8.charpattern matches exactly one UTF-8 sequence
local p = utf8.charpattern
print(#p, p:byte(1, -1))
print(p == "[\0-\x7F\xC2-\xFD][\x80-\xBF]*")
local s = "h\u{E9}\u{20AC}\u{1F600}!"
local n = 0
for c in s:gmatch(p) do n = n + 1; io.write(#c, " ") end
print(n)
print(("\xFF\x80a"):gsub(p, "."))
