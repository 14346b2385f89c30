-- a backslash followed by a real newline puts a newline in the string
local s = "a\
b"
print(s, #s, s:byte(2))
