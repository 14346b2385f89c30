-- assigning to a captured variable is seen by all closures that share it
local fs = {}
for i = 1, 3 do
  local shared = i
  fs[i] = {get = function() return shared end, set = function(v) shared = v end}
end
fs[2].set(99)
print(fs[1].get(), fs[2].get(), fs[3].get())
