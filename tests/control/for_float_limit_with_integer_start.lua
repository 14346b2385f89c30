-- an integer loop with a float limit rounds the limit down, keeping integer values
for i = 1, 2.9 do io.write(i, ":", math.type(i), " ") end print()
for i = 3, 1.1, -1 do io.write(i, " ") end print()
for i = 1, math.huge do if i > 3 then break end io.write(i, " ") end print()
for i = 1, -math.huge do print("never") end
for i = math.maxinteger - 1, 1e100 do io.write(i, " ") end print()
