-- inside long strings every end-of-line sequence becomes a single "\n"
local f = load("return [[a\r\nb\n\rc\rd\ne]]")
local s = f()
print(#s, (s:gsub("\n", "|")))
