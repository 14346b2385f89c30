-- functions returning one value per byte or item stop at the stack limit with an error
local big = ("x"):rep(2000000)
print(pcall(string.byte, big, 1, -1))
print(pcall(utf8.codepoint, big, 1, -1))
print(pcall(string.unpack, ("b"):rep(2000000), big))
print(select("#", string.byte(big, 1, 100000)), select("#", utf8.codepoint(big, 1, 100000)))
print(select("#", string.unpack(("b"):rep(100000), big)))
