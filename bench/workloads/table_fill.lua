-- table_fill: builds arrays of a million elements three ways: t[i] = v,
-- t[#t + 1] = v and table.insert. Measures array-part growth and append.
local size = ... or "full"
local length = ({ tiny = 1000, small = 100000, full = 1000000 })[size]
local rounds = ({ tiny = 1, small = 1, full = 5 })[size]

local checksum = 0
for round = 1, rounds do
  local indexed = {}
  for i = 1, length do indexed[i] = i + round end

  local appended = {}
  for i = 1, length do appended[#appended + 1] = i * 2 end

  local inserted = {}
  for i = 1, length do table.insert(inserted, i % 10) end

  checksum = checksum + #indexed + #appended + #inserted
    + indexed[length] + appended[math.floor(length / 2) + 1] + inserted[length - 3]
end
print(string.format("table_fill checksum = %d", checksum))
