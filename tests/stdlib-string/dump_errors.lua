-- string.dump accepts only Lua functions
print(pcall(string.dump, print))
print(pcall(string.dump, "x"))
print(pcall(string.dump))
print(pcall(string.dump, string.dump))
