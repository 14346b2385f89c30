-- without a name, the chunk is named after its source text
print(pcall(load("error('x')")))
print(pcall(load("\n\nerror('y')")))
print(pcall(load("error('z')", "=(name)")))
