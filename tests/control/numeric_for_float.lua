-- float loops compute the iteration values by repeated addition
for x = 0, 1, 0.25 do io.write(x, " ") end print()
for x = 1, 0, -0.5 do io.write(x, " ") end print()
for x = 1, 3.5 do io.write(x, " ") end print()
for x = 1.0, 3 do io.write(x, " ") end print()
