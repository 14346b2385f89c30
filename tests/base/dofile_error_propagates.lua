-- an error inside a dofile'd chunk propagates with the file's position
print(pcall(dofile, "data/raises.chunk"))
