-- tables nest and share by reference
local inner = {v = 1}
local a = {inner = inner}
local b = {inner = inner}
a.inner.v = 2
print(b.inner.v, a.inner == b.inner, #{{}, {}, {}})
local m = {}
for i = 1, 3 do m[i] = {} for j = 1, 3 do m[i][j] = i * j end end
print(m[2][3], m[3][3], #m, #m[1])
