-- fasta: the benchmarks game's fasta: a linear congruential generator, cumulative probabilities, lines cut with string.sub and joined with table.concat.
local IM, IA, IC = 139968, 3877, 29573
local last = 42
local function random(max) last = (last * IA + IC) % IM; return max * last / IM end
local alu = string.rep("GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGG", 3)
local iub = {{"a",0.27},{"c",0.12},{"g",0.12},{"t",0.27},{"B",0.02},{"D",0.02},{"H",0.02},{"K",0.02},{"M",0.02},{"N",0.02},{"R",0.02},{"S",0.02},{"V",0.02},{"W",0.02},{"Y",0.02}}
local function cumulative(t) local p = 0; for _, e in ipairs(t) do p = p + e[2]; e[2] = p end end
cumulative(iub)
local out = {}
local function random_fasta(t, n)
  local line = {}
  for i = 1, n do
    local r = random(1)
    for _, e in ipairs(t) do if r < e[2] then line[#line + 1] = e[1]; break end end
    if #line == 60 then out[#out + 1] = table.concat(line); line = {} end
  end
  if #line > 0 then out[#out + 1] = table.concat(line) end
end
local function repeat_fasta(s, n)
  local len, pos = #s, 1
  for i = 1, n, 60 do
    local m = math.min(60, n - i + 1)
    local chunk = s:sub(pos, pos + m - 1)
    if #chunk < m then chunk = chunk .. s:sub(1, m - #chunk) end
    out[#out + 1] = chunk
    pos = (pos + m - 1) % len + 1
  end
end
repeat_fasta(alu, 400000)
random_fasta(iub, 300000)
local total = 0
for _, l in ipairs(out) do total = total + #l + l:byte(1) end
print(#out, total)
