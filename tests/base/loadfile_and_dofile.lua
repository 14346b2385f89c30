-- loadfile compiles a file; dofile runs it and returns its results
local f = assert(loadfile("data/helper.chunk"))
print(f("arg"))
print(dofile("data/helper.chunk"))
print(loadfile("data/missing.chunk"))
print(pcall(dofile, "data/missing.chunk"))
print(loadfile("data/broken.chunk"))
