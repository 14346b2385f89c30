-- knuc: k-nucleotide style: counts of every substring of lengths 1 to 12 of a 200,000-letter sequence, sorted by count.
local seq = {}
local seed = 1
for i = 1, 200000 do seed = (seed * 69069 + 1) % 4294967296; seq[i] = ("ACGT"):sub(seed % 4 + 1, seed % 4 + 1) end
seq = table.concat(seq)
local function count(frame)
  local counts = {}
  for i = 1, #seq - frame + 1 do
    local k = seq:sub(i, i + frame - 1)
    counts[k] = (counts[k] or 0) + 1
  end
  return counts
end
for _, frame in ipairs({1, 2, 3, 4, 6, 12}) do
  local c = count(frame)
  local keys = {}
  for k in pairs(c) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return c[a] > c[b] or (c[a] == c[b] and a < b) end)
  io.write(frame, " ", #keys, " ", keys[1], " ", c[keys[1]], "\n")
end
