-- locals declared in a loop body are new on every iteration
local fs = {}
local i = 1
while i <= 3 do
  local j = i
  fs[i] = function() j = j + 10 return j end
  i = i + 1
end
print(fs[1](), fs[1](), fs[2](), fs[3]())
