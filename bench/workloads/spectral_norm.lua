-- spectral_norm: the benchmarks game's spectral norm by power iteration on an
-- implicitly defined matrix. Measures float arithmetic, array reads and calls.
local n = ({ tiny = 20, small = 120, full = 500 })[... or "full"]

local function a(i, j)
  local ij = i + j - 1
  return 1.0 / (ij * (ij - 1) * 0.5 + i)
end

local function multiply_av(x, y, size)
  for i = 1, size do
    local sum = 0
    for j = 1, size do sum = sum + x[j] * a(i, j) end
    y[i] = sum
  end
end

local function multiply_atv(x, y, size)
  for i = 1, size do
    local sum = 0
    for j = 1, size do sum = sum + x[j] * a(j, i) end
    y[i] = sum
  end
end

local function multiply_atav(x, y, t, size)
  multiply_av(x, t, size)
  multiply_atv(t, y, size)
end

local u, v, t = {}, {}, {}
for i = 1, n do u[i] = 1 end
for _ = 1, 10 do
  multiply_atav(u, v, t, n)
  multiply_atav(v, u, t, n)
end
local vbv, vv = 0, 0
for i = 1, n do
  local ui, vi = u[i], v[i]
  vbv, vv = vbv + ui * vi, vv + vi * vi
end
print(string.format("%0.9f", math.sqrt(vbv / vv)))
