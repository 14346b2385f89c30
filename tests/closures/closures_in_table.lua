-- closures stored in tables keep their own state
local objs = {}
for i = 1, 3 do
  local total = 0
  objs[i] = {add = function(x) total = total + x * i return total end}
end
print(objs[1].add(1), objs[2].add(1), objs[3].add(1), objs[1].add(5))
