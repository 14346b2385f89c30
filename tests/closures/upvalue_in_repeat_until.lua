-- closures in repeat-until capture per-iteration locals visible to the condition
local fs, n = {}, 0
repeat
  n = n + 1
  local k = n * 2
  fs[n] = function() return k end
until k >= 6
print(#fs, fs[1](), fs[2](), fs[3]())
