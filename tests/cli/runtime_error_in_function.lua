-- the error message names the position of the failing operation in the script
local function compute(t) return t.a + 1 end
print(compute({a = 1}))
print(compute({}))
