-- pcall returns true and all results, or false and the error object
print(pcall(function(...) return ... end, 1, nil, 3))
print(pcall(function() end))
print(select("#", pcall(function() return nil end)))
print(pcall(pcall, error, "x"))
print(pcall(nil))
print(pcall())
