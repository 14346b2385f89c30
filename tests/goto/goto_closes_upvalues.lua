-- jumping backward out of a local's scope closes its upvalue
local fs = {}
do
  local n = 0
  ::loop::
  local v = n
  fs[#fs + 1] = function() return v end
  n = n + 1
  if n < 3 then goto loop end
end
print(fs[1](), fs[2](), fs[3]())
