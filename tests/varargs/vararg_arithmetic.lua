-- a vararg function can sum its arguments with select
local function sum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + (select(i, ...)) end
  return s
end
print(sum(), sum(1, 2, 3), sum(1.5, 2))
