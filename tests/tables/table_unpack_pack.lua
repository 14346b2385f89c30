-- table.unpack takes ranges; table.pack records n
print(table.unpack({1, 2, 3}))
print(table.unpack({1, 2, 3}, 2), table.unpack({1, 2, 3}, 2, 5))
print(select("#", table.unpack({}, 1, 3)), select("#", table.unpack({1}, 5, 4)))
local p = table.pack(nil, nil)
print(p.n, p[1], p[2])
print(pcall(table.unpack, {}, 1, 1e8))
