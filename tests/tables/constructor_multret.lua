-- only the last expression of a constructor expands to all its values
local function three() return 1, 2, 3 end
print(#{three()}, #{three(), 10}, #{(three())}, #{three(), three()})
local t = {three(), three()}
print(t[1], t[2], t[3], t[4], t[5])
print(select("#", table.unpack({nil, nil, 3})))
