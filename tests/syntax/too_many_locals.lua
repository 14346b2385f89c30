-- a function can have at most 200 local variables
local parts = {}
for i = 1, 201 do parts[#parts + 1] = "local v" .. i .. " = " .. i end
print(select(2, load(table.concat(parts, "\n"))))
parts[201] = nil
print(load(table.concat(parts, "\n")) ~= nil)
