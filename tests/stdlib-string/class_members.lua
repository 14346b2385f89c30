-- the exact members of the ASCII classes in the C locale
local all = {}
for i = 0, 127 do all[#all + 1] = string.char(i) end
all = table.concat(all)
local function members(class)
  return (all:gsub("[^" .. class .. "]", ""))
end
print(members("%p"))
print(members("%x"))
print(members("%w"):len(), members("%a"):len(), members("%l"), members("%u"))
print(string.format("%q", members("%s")))
print(#members("%c"), members("%c"):byte(1), members("%c"):byte(-1))
print(#members("%g"), members("%g"):sub(1, 3), members("%g"):sub(-3))
print(("\200\255"):find("%a"), ("\200\255"):find("%A"))
