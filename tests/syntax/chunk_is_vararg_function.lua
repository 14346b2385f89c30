-- a loaded chunk is a vararg function; its ... are the call arguments
local f = load("local a, b = ... return b, a, select('#', ...)")
print(f(1, 2, 3))
print(load("return ...")())
