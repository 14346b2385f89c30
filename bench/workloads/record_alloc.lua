-- record_alloc: allocates record tables from constructors with named fields (and a
-- nested record), keeping only a small window alive. Measures table allocation from
-- record literals and garbage collection of short-lived tables.
local n = ({ tiny = 1000, small = 100000, full = 2500000 })[... or "full"]
local window = 64

local recent = {}
local checksum = 0
for i = 1, n do
  local record = {
    id = i,
    name = "item",
    position = { x = i % 100, y = i % 37 },
    tags = { "a", "b" },
    active = i % 3 == 0,
  }
  recent[i % window + 1] = record
  local old = recent[(i + 1) % window + 1]
  if old and old.active then
    checksum = (checksum + old.id + old.position.x * old.position.y + #old.tags) % 1000000007
  end
end
print(string.format("record_alloc checksum = %d", checksum))
