local a, b = ...
if a == 1 then b = 1 end
if a ~= "s" then b = 2 end
if a < 10 and b >= 2.0 or a > b then b = 3 end
if 1 < a then b = 4 end
if 2^32 == a then b = 5 end
local c = a == b, a <= b, not (a > 1), a and b or c
while a < b do a = a + 1 end
repeat local d = a; a = a - 1 until d < 0
return c
