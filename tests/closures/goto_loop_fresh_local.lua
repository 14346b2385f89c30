-- a local declared after a backward goto's label is new each time round
local fs = {}
local i = 1
::top::
local x = i
fs[i] = function() return x end
i = i + 1
if i <= 3 then goto top end
print(fs[1](), fs[2](), fs[3]())
