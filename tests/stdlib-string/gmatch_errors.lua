-- pattern errors in gmatch surface when the iterator runs
local it = string.gmatch("abc", "%")
print(type(it))
print(pcall(it))
print(pcall(string.gmatch("abc", "(")))
print(pcall(string.gmatch("abc", "[a")))
