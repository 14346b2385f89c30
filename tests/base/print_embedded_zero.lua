-- print writes strings with embedded zero bytes in full
print("a\0b", #"a\0b")
io.write("c\0d\n")
print(("x\0y"):byte(1, -1))
