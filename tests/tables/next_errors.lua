-- next checks its arguments and rejects keys that are not in the table
print(pcall(next))
print(pcall(next, 1))
print(pcall(next, {}, "missing"))
print(pcall(next, {1, 2}, 3))
