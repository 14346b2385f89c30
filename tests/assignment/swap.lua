-- all right-hand expressions are evaluated before any assignment
local a, b = 1, 2
a, b = b, a
print(a, b)
local t = {1, 2}
t[1], t[2] = t[2], t[1]
print(t[1], t[2])
