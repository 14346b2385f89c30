-- float keys with integer values are stored as integers; others stay floats
local t = {}
t[1.0] = "a"; t[2^53] = "b"; t[1.5] = "c"; t[-0.0] = "z"
print(t[1], t[2^53 | 0], t[1.5], t[0])
for k in pairs({[3.0] = true}) do print(k, math.type(k)) end
for k in pairs({[3.5] = true}) do print(k, math.type(k)) end
print(next({[2^63] = 1}), math.type((next({[2^63] = 1}))))
