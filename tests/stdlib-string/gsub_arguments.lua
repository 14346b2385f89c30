-- gsub checks the types of its arguments
print(pcall(string.gsub, "x", "x"))
print(pcall(string.gsub, "x", "x", true))
print(pcall(string.gsub, "x", {}, "y"))
print(pcall(string.gsub, nil, "x", "y"))
print(("x1"):gsub(1, 2), string.gsub(123, 2, 9))
print(("a.b"):gsub(".", "%%"))
