-- life: Conway's game of life on a 64 x 64 torus for 800 generations, the grid an array of rows of 0/1, a new grid each generation: nested integer-indexed loads, wraparound index arithmetic, table allocation.
local N = 64
local function newgrid()
  local g = {}
  for i = 1, N do
    local row = {}
    for j = 1, N do row[j] = 0 end
    g[i] = row
  end
  return g
end

local grid = newgrid()
-- a deterministic soup from a linear congruential generator, plus a glider and an R-pentomino
local seed = 12345
for i = 1, N do
  local row = grid[i]
  for j = 1, N do
    seed = (seed * 1103515245 + 12345) % 2147483648
    if (seed >> 16) % 7 < 2 then row[j] = 1 end
  end
end
local function place(cells, r, c)
  for _, p in ipairs(cells) do grid[(r + p[1] - 1) % N + 1][(c + p[2] - 1) % N + 1] = 1 end
end
place({{0, 1}, {1, 2}, {2, 0}, {2, 1}, {2, 2}}, 5, 5)
place({{0, 1}, {0, 2}, {1, 0}, {1, 1}, {2, 1}}, 40, 30)

local function step(g)
  local ng = {}
  for i = 1, N do
    local up, row, down = g[(i - 2) % N + 1], g[i], g[i % N + 1]
    local nrow = {}
    for j = 1, N do
      local l, r = (j - 2) % N + 1, j % N + 1
      local n = up[l] + up[j] + up[r] + row[l] + row[r] + down[l] + down[j] + down[r]
      if n == 3 or (n == 2 and row[j] == 1) then nrow[j] = 1 else nrow[j] = 0 end
    end
    ng[i] = nrow
  end
  return ng
end

local function population(g)
  local p = 0
  for i = 1, N do local row = g[i]; for j = 1, N do p = p + row[j] end end
  return p
end

print("gen 0 pop " .. population(grid))
for gen = 1, 800 do
  grid = step(grid)
  if gen % 100 == 0 then print("gen " .. gen .. " pop " .. population(grid)) end
end
local function render(row)
  local t = {}
  for j = 1, N do t[j] = row[j] == 1 and "#" or "." end
  return table.concat(t)
end
local h = 0
for i = 1, N do for j = 1, N do h = (h * 3 + grid[i][j] * j + i) % 1000000007 end end
print("hash " .. h)
print(render(grid[N // 2]))
print(render(grid[N]))
