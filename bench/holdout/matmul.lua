-- matmul: dense multiplication of two 120 x 120 float matrices built from a formula, ten rounds (each product fed back in, scaled): float multiply-add in triple loops over tables of rows, a transposed copy for row-wise access.
local n = 120
local function matrix(f)
  local m = {}
  for i = 1, n do
    local row = {}
    for j = 1, n do row[j] = f(i, j) end
    m[i] = row
  end
  return m
end
local function transpose(a)
  return matrix(function(i, j) return a[j][i] end)
end
local function mul(a, b)
  local bt = transpose(b)
  local c = {}
  for i = 1, n do
    local ai, ci = a[i], {}
    for j = 1, n do
      local bj = bt[j]
      local s = 0.0
      for k = 1, n do s = s + ai[k] * bj[k] end
      ci[j] = s
    end
    c[i] = ci
  end
  return c
end
local function trace(m)
  local t = 0.0
  for i = 1, n do t = t + m[i][i] end
  return t
end

local a = matrix(function(i, j) return (i - j) / n + 1.0 / (i + j) end)
local b = matrix(function(i, j) return ((i * 7 + j * 13) % 17 - 8) / 16 end)
local c = a
for round = 1, 10 do
  c = mul(c, b)
  -- keep the entries bounded: divide by the largest magnitude
  local big = 0.0
  for i = 1, n do for j = 1, n do local v = math.abs(c[i][j]); if v > big then big = v end end end
  for i = 1, n do local row = c[i]; for j = 1, n do row[j] = row[j] / big end end
  print(string.format("round %d trace %.6f scale %.6f", round, trace(c), big))
end
print(string.format("c[1][1] %.6f", c[1][1]))
print(string.format("c[60][17] %.6f", c[60][17]))
print(string.format("c[120][120] %.6f", c[n][n]))
