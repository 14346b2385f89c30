-- values of different types are never equal, except integer and float numbers
print(1 == 1.0, 1 == "1", "1" == 1, 0 == false, nil == false, -0.0 == 0)
print(math.maxinteger == math.maxinteger + 0.0, 2^53 == 2^53 + 1.0, "abc" == "ab" .. "c")
local t = {}
print(t == t, t == {}, print == print, rawequal(t, t), rawequal(1, 1.0))
