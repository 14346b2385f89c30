-- numeric for with steps near the integer limits counts iterations without overflow
for i = 1, 10, math.maxinteger do io.write(i, " ") end print()
for i = math.mininteger, math.maxinteger, math.maxinteger do io.write(i, " ") end print()
for i = math.maxinteger, math.mininteger, math.mininteger do io.write(i, " ") end print()
for i = -1, math.mininteger, -math.maxinteger do io.write(i, " ") end print()
for i = 0, 0, -1 do io.write("once ") end print()
