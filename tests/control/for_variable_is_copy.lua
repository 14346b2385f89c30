-- assigning to the control variable does not change the iteration
local seen = {}
for i = 1, 3 do seen[#seen + 1] = i; i = i * 100 end
print(table.concat(seen, " "))
