-- long chains of .. build one string, numbers included
local parts = {}
for i = 1, 50 do parts[i] = i end
local s = ""
for i = 1, 50 do s = s .. i .. (i % 10 == 0 and "\n" or ",") end
io.write(s)
print(#s, "a" .. "b" .. 1 .. 2.5 .. "c")
