-- os.difftime subtracts two times as a float; os.clock is processor time as a float
print(os.difftime(10, 3), os.difftime(0, 10), math.type(os.difftime(1, 1)))
print(os.difftime(math.maxinteger, 0) == 2^63, os.difftime("5", 2.0))
print(pcall(os.difftime))
print(pcall(os.difftime, 1))
print(pcall(os.difftime, 1.5, 1))
print(pcall(os.difftime, 1, {}))
local c1 = os.clock()
local x = 0
for i = 1, 1e6 do x = x + i end
local c2 = os.clock()
print(math.type(c1), c1 >= 0, c2 >= c1)
