-- runtime errors carry the chunk name and line of the failing code
local f = load("local x = 1\n\nreturn x + nil", "=mychunk")
print(pcall(f))
local g = load("error('raised')", "@other.lua")
print(pcall(g))
print(pcall(load("error('in string')")))
