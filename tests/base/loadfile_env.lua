-- loadfile accepts a mode and an environment like load
local env = {value = 99}
local f = loadfile("data/uses_global.chunk", "t", env)
print(f())
print(loadfile("data/uses_global.chunk", "b"))
