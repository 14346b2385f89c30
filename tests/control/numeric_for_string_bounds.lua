-- numeric for converts numeric strings in its initial value, limit and step
for i = "1", 2 do io.write(i, ":", math.type(i), " ") end print()
for i = 1, "2.5" do io.write(i, " ") end print()
for i = "1.0", 2 do io.write(i, " ") end print()
for i = 3, 1, "-1" do io.write(i, " ") end print()
print(pcall(function() for i = "x1", 2 do end end))
