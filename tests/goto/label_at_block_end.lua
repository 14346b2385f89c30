-- a label at the end of a block is visible even after local declarations
do
  goto finish
  local x = 1
  print(x)
  ::finish::
end
print("ok")
