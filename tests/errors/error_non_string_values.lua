-- error can raise any value; only strings get a position
print(pcall(error, 42))
print(pcall(error, nil))
print(pcall(error))
print(pcall(error, true))
local t = {code = 7}
local ok, e = pcall(error, t)
print(ok, e == t, e.code)
print(pcall(function() error(3.5) end))
