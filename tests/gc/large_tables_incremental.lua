-- Large tables (more entries than one collector step traverses) stay intact while
-- the collector marks them a chunk at a time and the program grows, shrinks and
-- rehashes them between steps: every value is still there after several cycles.
collectgarbage("incremental", 100, 100, 10)

local function check(t, n, tag)
  for i = 1, n do
    local v = t["k" .. i]
    assert(v and v[1] == i, tag .. ": string key " .. i)
    local w = t[i + 0.5]
    assert(w and w.n == i, tag .. ": float key " .. i)
  end
end

local big = {}
local n = 20000
for i = 1, n do
  big["k" .. i] = { i }
  big[i + 0.5] = { n = i }
end
-- An array part too, then a shrink: most array slots emptied and a new key forces a
-- rehash that moves the rest into the hash part, all while cycles are running.
for i = 1, 30000 do big[i] = { i } end
for round = 1, 6 do
  for i = 1, 30000 do
    if i % 7 ~= 0 then big[i] = nil end
  end
  big["extra" .. round] = {}          -- rehash: the array shrinks
  for j = 1, 2000 do local garbage = { j } end
  for i = 1, 30000, 7 do big[i] = { i } end
  for j = 1, 2000 do local garbage = { j } end
  check(big, n, "round " .. round)
end
local kept = 0
for i = 1, 30000 do if big[i] then kept = kept + 1 end end
print("array entries kept", kept)
collectgarbage()
check(big, n, "after full collection")
print("string and float keys intact", n)
