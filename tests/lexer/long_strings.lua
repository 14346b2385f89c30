-- long brackets of any level: no escapes, first newline dropped, other levels nest
print([[a\nb]])
print([==[x]]y]=]z]==])
local s = [[
first]]
print(s, #s)
print([=[
]=] == "", [[

]] == "\n")
