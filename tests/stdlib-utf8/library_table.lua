-- the utf8 table holds exactly the six documented entries
local keys = {}
for k, v in pairs(utf8) do keys[#keys + 1] = k .. ":" .. type(v) end
table.sort(keys)
print(table.concat(keys, " "))
print(utf8.len(123), utf8.codepoint(7), utf8.offset(12, 2))
