-- bad replacement strings: a lone '%', '%' before a non-digit, missing captures
print(pcall(string.gsub, "abc", "b", "%"))
print(pcall(string.gsub, "abc", "b", "x%"))
print(pcall(string.gsub, "abc", "b", "%x"))
print(pcall(string.gsub, "abc", "(b)", "%2"))
print(pcall(string.gsub, "abc", "b", "%2"))
print(pcall(string.gsub, "abc", "b", "%1"))
print(pcall(string.gsub, "abc", "x", "%"))
