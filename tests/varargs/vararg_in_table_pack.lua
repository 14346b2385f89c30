-- table.pack records the true count of varargs
local function pack(...) return table.pack(...) end
local p = pack(1, nil, nil)
print(p.n, #{n = 0}, pack().n)
