-- negative indices count from the end; out-of-range indices are errors
print(select(-1, "a", "b", "c"))
print(select(-3, "a", "b", "c"))
print(select(2, "a", "b", "c"))
print(select(4, "a", "b", "c"))
print(pcall(select, -4, "a", "b", "c"))
print(pcall(select, 0, "a"))
print(pcall(select, "x"))
print(pcall(select))
