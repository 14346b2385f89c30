-- utf8.char takes any number of code points and round-trips with codepoint and len
local cps = {}
for i = 1, 300 do cps[i] = (i * 7919) % 0x110000 end
for i, c in ipairs(cps) do if c >= 0xD800 and c <= 0xDFFF then cps[i] = 0x41 end end
local s = utf8.char(table.unpack(cps))
print(#s, utf8.len(s))
local back = { utf8.codepoint(s, 1, -1) }
local same = #back == #cps
for i = 1, #cps do same = same and back[i] == cps[i] end
print(same)
local n = 0
for p, c in utf8.codes(s) do n = n + 1 assert(c == cps[n]) assert(utf8.offset(s, n) == p) end
print(n, utf8.offset(s, -1), utf8.offset(s, 301))
