-- the fourth argument of load becomes the chunk's _ENV
local env = {x = 5}
local f = load("y = x * 2 return y", "chunk", "t", env)
print(f(), env.y, rawget(_G, "y"))
local g = load("return print", "c", "t", {})
print(g())
