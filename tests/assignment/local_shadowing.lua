-- a local shadows outer variables until its block ends
local x = 1
do
  local x = x + 1
  print(x)
  do local x = x * 10 print(x) end
  print(x)
end
print(x)
local x = "redeclared"
print(x)
