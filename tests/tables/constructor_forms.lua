-- positional, named and bracketed fields; separators , and ; with a trailing one
local t = {1, 2; x = "x", ["y z"] = 3, [10] = 10, 4,}
print(t[1], t[2], t[3], t.x, t["y z"], t[10], #t)
local u = {[1] = "a", "b"}
print(u[1])
