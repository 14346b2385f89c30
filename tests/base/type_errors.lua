-- type needs an argument
print(pcall(type))
print(type(nil), (pcall(type, nil)))
