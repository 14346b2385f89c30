-- string.char builds strings from bytes 0..255, including zeros
local s = string.char(0, 65, 255, 10)
print(#s, s:byte(1, -1))
print(string.char() == "", string.char(104, 105), string.char("65", 66.0))
local all = {}
for i = 0, 255 do all[#all + 1] = i end
local b = string.char(table.unpack(all))
print(#b, b:byte(1), b:byte(256), b == string.char(table.unpack(all)))
