-- sor: successive over-relaxation on a 200 x 200 grid of floats held as a table of rows.
local n = 200
local G = {}
local seed = 3
for i = 1, n do local row = {}; for j = 1, n do seed = (seed * 16807) % 2147483647; row[j] = seed / 2147483647 end; G[i] = row end
local omega = 1.25
local function sor(cycles)
  local om4, om1 = omega * 0.25, 1.0 - omega
  for p = 1, cycles do
    for i = 2, n - 1 do
      local Gi, Gim, Gip = G[i], G[i - 1], G[i + 1]
      for j = 2, n - 1 do
        Gi[j] = om4 * (Gim[j] + Gip[j] + Gi[j - 1] + Gi[j + 1]) + om1 * Gi[j]
      end
    end
  end
end
sor(60)
local s = 0
for i = 1, n do for j = 1, n do s = s + G[i][j] end end
print(string.format("%.6f", s))
