-- loop conditions may be any expression, evaluated every iteration
local t = {3, 2, 1, 0, 5}
local i = 1
while t[i] and t[i] > 0 do i = i + 1 end
print(i)
