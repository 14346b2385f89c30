-- %q quotes strings: escapes quotes, backslashes, newlines, zeros and control bytes
local f = string.format
print(f("%q", 'he said "hi" \\ bye'))
print(f("%q", "line1\nline2"))
print(f("%q", "\0\1\2\31\127"))
print(f("%q", "\0001\0009x"), f("%q", "\r\t\a\b\f\v"))
print(f("%q", "") , f("%q", "'"))
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
all = table.concat(all)
local q = f("%q", all)
print(#q, load("return " .. q)() == all)
print(f("%q", "\200\255") == '"\200\255"')
