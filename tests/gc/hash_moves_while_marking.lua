-- A large hash part is traversed a chunk per collector step. Inserting a key whose
-- main position holds a node from another chain moves that node to a free slot,
-- possibly from the part not yet traversed into the part already traversed: the
-- moved entry must still be marked. Every value here is reachable only through the
-- table, so an entry that escaped marking would be freed and its memory reused.
collectgarbage("incremental", 100, 100, 10)

local big = {}
local n = 30000
for i = 1, n do big[i * 1.5 + 0.25] = { i } end

local extra = 0
for round = 1, 40 do
  -- new keys collide with existing nodes and move them, between collector steps
  for j = 1, 400 do
    extra = extra + 1
    big["x" .. extra] = { -extra }
    local garbage = { j }
  end
  -- drop some, so that inserting finds free nodes instead of rehashing
  for j = extra - 399, extra, 2 do big["x" .. j] = nil end
end

collectgarbage()
-- reuse the memory of anything freed
local junk = {}
for j = 1, 50000 do junk[j] = { j, j } end
junk = nil

local ok = 0
for i = 1, n do
  local v = big[i * 1.5 + 0.25]
  if type(v) == "table" and v[1] == i then ok = ok + 1 end
end
local kept = 0
for j = 1, extra do
  local v = big["x" .. j]
  if v ~= nil then
    assert(type(v) == "table" and v[1] == -j, "string key " .. j)
    kept = kept + 1
  end
end
print("float keys intact", ok, "string keys kept", kept)
