-- a backward goto builds a loop
local i = 1
::again::
io.write(i, " ")
i = i + 1
if i <= 5 then goto again end
print()
