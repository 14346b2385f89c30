local o = ...
print("a", 1, nil, true, false)
o:method("x"):other{1, 2}
local a, b, c = o.f(...)
local s = string.format("%d", 3)
f{x = 1}
f"str"
return o.tail(a, b)
