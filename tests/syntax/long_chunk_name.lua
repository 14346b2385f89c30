-- [string "..."] chunk names show the first line, cut when too long
print(select(2, load("x = = 1")))
print(select(2, load(string.rep("x", 80) .. " = = 1")))
print(select(2, load("x = 1\ny = = 2")))
print(select(2, load("y = = 2", "=custom")))
print(select(2, load("y = = 2", "@file.lua")))
print(select(2, load("y = = 2", "literal")))
