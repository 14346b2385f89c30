-- select("#") counts arguments, trailing nils included
print(select("#"), select("#", nil), select("#", nil, nil), select("#", 1, nil, 3, nil))
local function count(...) return select("#", ...) end
print(count(), count(nil), count(table.unpack({1, nil, 3}, 1, 3)))
