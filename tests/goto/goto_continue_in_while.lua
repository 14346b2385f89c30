-- goto continue in while and repeat loops
local i = 0
while i < 5 do
  i = i + 1
  if i == 3 then goto continue end
  io.write(i, " ")
  ::continue::
end
print()
