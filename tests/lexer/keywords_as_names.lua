-- reserved words cannot be names, but may be string keys
print(select(2, load("local end = 1")))
print(select(2, load("goto = 1")))
print(select(2, load("local t = {} t.while = 1")))
local t = {["end"] = 1, ["goto"] = 2}
print(t["end"], t["goto"])
