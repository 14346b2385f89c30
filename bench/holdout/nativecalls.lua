-- nativecalls: a loop of small library calls: math.floor, math.max, math.abs, math.random.
local floor, max, abs, random = math.floor, math.max, math.abs, math.random
math.randomseed(7)
local s = 0
for i = 1, 2000000 do
  s = s + floor(i / 3) + max(i, 5) + abs(-i) + (random(10) > 20 and 1 or 0)
end
print(s)
