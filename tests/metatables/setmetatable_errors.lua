-- setmetatable takes a table and a table or nil
print(pcall(setmetatable, nil, {}))
print(pcall(setmetatable, {}, 5))
print(pcall(setmetatable, {}))
print(pcall(setmetatable, "s", {}))
print(select("#", setmetatable({}, nil)))
