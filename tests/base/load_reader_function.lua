-- load can read a chunk piece by piece from a function
local pieces = {"return ", "1 ", "+ ", "41"}
local i = 0
local f = load(function() i = i + 1 return pieces[i] end)
print(f())
local j = 0
print(load(function() j = j + 1 if j == 1 then return "return 'x'" end return "" end)())
print((select(2, load(function() return {} end)):match("^[^\n]*")))
print((select(2, load(function() error("reader failed") end)):match("^[^\n]*")))
