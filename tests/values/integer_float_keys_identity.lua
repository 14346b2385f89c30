-- integer-valued floats are the same table key as the integer
local t = {}
t[1.0] = "one"; t[2] = "two"; t[2^53] = "big"
print(t[1], t[2.0], t[2^53 | 0], math.type(next({[3.0] = true})))
t[-0.0] = "zero"
print(t[0], t[0.0])
