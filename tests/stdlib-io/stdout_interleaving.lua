-- print, io.write and io.stdout:write share one buffer, so output keeps its order
io.write("a")
print("b")
io.stdout:write("c", "\n")
io.write(1, 2.5, "\n")
print(io.write("d") == io.stdout)
io.stdout:write("e"):write("f\n")
print("end")
