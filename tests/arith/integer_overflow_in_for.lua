-- numeric for near the integer limits neither overflows nor loops forever
local max, min = math.maxinteger, math.mininteger
for i = max - 2, max do io.write(i, " ") end print()
for i = min + 2, min, -1 do io.write(i, " ") end print()
for i = max, max - 1 do io.write("never") end print("empty")
for i = 1, 0 do io.write("never") end
local n = 0
for i = max - 10, max, 5 do n = n + 1 end
print(n)
