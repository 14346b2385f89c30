-- math.random with no argument, one or two arguments stays in its range with the right subtype
math.randomseed(42)
local okf, oki, okr = true, true, true
for _ = 1, 2000 do
  local f = math.random()
  if math.type(f) ~= "float" or f < 0 or f >= 1 then okf = false end
  local i = math.random(6)
  if math.type(i) ~= "integer" or i < 1 or i > 6 then oki = false end
  local r = math.random(-3, 3)
  if r < -3 or r > 3 then okr = false end
end
print(okf, oki, okr)
print(math.random(5, 5), math.random(-1, -1), math.random(3.0), math.type(math.random(3.0)))
local seen = {}
for _ = 1, 500 do seen[math.random(3)] = true end
print(seen[1], seen[2], seen[3], seen[0], seen[4])
local m = math.random(math.mininteger, math.maxinteger); print(math.type(m))
local z = math.random(0); print(math.type(z))
print(math.random(math.maxinteger, math.maxinteger), math.random(math.mininteger, math.mininteger))
