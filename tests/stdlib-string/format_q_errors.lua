-- %q accepts nil and booleans, rejects tables and functions, and takes no modifiers
local f = string.format
print(f("%q %q %q", nil, true, false))
print(pcall(f, "%q", {}))
print(pcall(f, "%q", print))
print(pcall(f, "%10q", "x"))
print(pcall(f, "%-q", 1))
print(pcall(f, "%q"))
print(f("%q", "x"):len(), f("%q", 255))
