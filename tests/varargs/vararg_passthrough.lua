-- varargs pass through calls unchanged, nils and all
local function id(...) return ... end
local function wrap(...) return id(...) end
print(wrap(1, nil, 3, nil))
print(select("#", wrap(nil, nil)))
print((wrap(5, 6)))
