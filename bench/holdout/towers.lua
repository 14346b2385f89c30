-- towers: towers of Hanoi with 18 discs, 8 times, piles as arrays with checked pushes.
local moves = 0
local function push(pile, disk) local top = pile[#pile]; if top and disk >= top then error("bad") end; pile[#pile + 1] = disk end
local function pop(pile) local d = pile[#pile]; pile[#pile] = nil; return d end
local function move(piles, from, to) push(piles[to], pop(piles[from])); moves = moves + 1 end
local function hanoi(piles, from, to, n)
  if n == 1 then move(piles, from, to) return end
  local other = 6 - from - to
  hanoi(piles, from, other, n - 1)
  move(piles, from, to)
  hanoi(piles, other, to, n - 1)
end
for r = 1, 8 do
  local piles = {{}, {}, {}}
  for d = 18, 1, -1 do push(piles[1], d) end
  hanoi(piles, 1, 3, 18)
end
print(moves)
