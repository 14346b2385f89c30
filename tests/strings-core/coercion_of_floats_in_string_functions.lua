-- string functions accept numbers where strings are expected, converted like tostring
print(string.upper(12), string.rep(1.5, 2), ("x"):rep(2.0), string.sub(12345, 2.0, 3))
print(pcall(string.rep, "x", 2.5))
print(pcall(string.sub, "abc", "1"))
