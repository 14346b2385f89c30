-- warn needs string arguments
print(pcall(warn))
print(pcall(warn, 1))
print(pcall(warn, "a", {}))
