-- math.randomseed(n) gives the reference's exact sequences of floats and integers
local function run(...)
  math.randomseed(...)
  local t = {}
  for i = 1, 4 do t[#t + 1] = string.format("%.17g", math.random()) end
  for i = 1, 4 do t[#t + 1] = math.random(100) end
  for i = 1, 3 do t[#t + 1] = math.random(-10, 10) end
  t[#t + 1] = math.random(0)
  t[#t + 1] = math.random(math.mininteger, math.maxinteger)
  print(table.concat(t, " "))
end
run(0)
run(1)
run(42)
run(-7)
run(123, 456)
print(pcall(run, 2.5))
run(math.maxinteger)
run(1.0)
run(-0.0)
run(0, 0)
