-- every multi-character operator is one token
print(7 // 2, 7 ~= 2, 1 << 2, 256 >> 4, 2 <= 2, 3 >= 4, 1 == 1.0, ~5, 5 ~ 3)
print("a" .. "b", #"...", select("#", 1, 2))
local t = {} t.x = 1 print(t.x, t["x"])
