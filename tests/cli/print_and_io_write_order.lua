-- print and io.write share one output stream and keep their order
io.write("a")
print("b")
io.write("c", 1, 2.5, "\n")
io.stdout:write("d\n")
print("e")
