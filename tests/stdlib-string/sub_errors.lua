-- string.sub argument errors name the function and the argument
print(pcall(string.sub))
print(pcall(string.sub, {}))
print(pcall(string.sub, "abc"))
print(pcall(string.sub, "abc", 1.5))
print(pcall(string.sub, "abc", 1, "z"))
print(pcall(string.sub, "abc", 2^63))
print(pcall(function() return ("abc"):sub({}) end))
print(pcall(function() local t = {} return string.sub(t, 1) end))
