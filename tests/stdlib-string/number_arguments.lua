-- string functions accept numbers for string arguments, formatted like tostring
print(string.len(100), string.upper(1.5), string.rep(7, 3), string.reverse(-12))
print(string.find(12345, 34), string.match(3.25, "%d+"), string.gsub(1e15, "0", "_"))
print(string.byte(9), string.sub(2^53, 1, 4), string.format(12), (1 .. ""):rep(2))
print(string.len(math.mininteger), string.len(-0.0), string.len(1/0))
