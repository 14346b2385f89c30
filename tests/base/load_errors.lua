-- load checks its arguments
print(pcall(load))
print(pcall(load, 5))
print(pcall(load, nil))
