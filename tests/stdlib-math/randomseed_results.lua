-- math.randomseed(n) returns the two seed parts; repeating the seed repeats the sequence
print(math.randomseed(7))
print(math.randomseed(7, 3))
print(math.randomseed(-1))
print(math.randomseed(2.0))
print(pcall(math.randomseed, 1.5))
math.randomseed(99)
local a = {math.random(1000), math.random(1000), math.random()}
math.randomseed(99)
local b = {math.random(1000), math.random(1000), math.random()}
print(a[1] == b[1] and a[2] == b[2] and a[3] == b[3])
local x, y = math.randomseed()
print(math.type(x), math.type(y))
print(pcall(math.randomseed, "x"))
print(pcall(math.randomseed, 1, {}))
print(pcall(math.randomseed, 1.5, 2.5))
