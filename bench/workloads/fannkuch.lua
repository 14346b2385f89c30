-- fannkuch: the benchmarks game's fannkuch-redux: permutations generated in place and
-- prefix reversals counted. Measures small-integer array reads, writes and swaps.
local size = ... or "full"
local n = ({ tiny = 6, small = 8, full = 9 })[size]
local rounds = ({ tiny = 1, small = 1, full = 4 })[size]

local function fannkuch(size)
  local perm, perm1, count = {}, {}, {}
  local max_flips, checksum, permutation_index = 0, 0, 0
  for i = 1, size do perm1[i] = i - 1 end
  local r = size
  while true do
    while r ~= 1 do
      count[r] = r
      r = r - 1
    end
    for i = 1, size do perm[i] = perm1[i] end
    local flips = 0
    local first = perm[1]
    while first ~= 0 do
      local i, j = 1, first + 1
      while i < j do
        perm[i], perm[j] = perm[j], perm[i]
        i, j = i + 1, j - 1
      end
      flips = flips + 1
      first = perm[1]
    end
    if flips > max_flips then max_flips = flips end
    if permutation_index % 2 == 0 then checksum = checksum + flips else checksum = checksum - flips end

    while true do
      if r == size then return checksum, max_flips end
      local perm0 = perm1[1]
      for i = 1, r do perm1[i] = perm1[i + 1] end
      perm1[r + 1] = perm0
      count[r + 1] = count[r + 1] - 1
      if count[r + 1] > 0 then break end
      r = r + 1
    end
    permutation_index = permutation_index + 1
  end
end

local checksum, max_flips
for _ = 1, rounds do checksum, max_flips = fannkuch(n) end
print(string.format("%d\nPfannkuchen(%d) = %d", checksum, n, max_flips))
