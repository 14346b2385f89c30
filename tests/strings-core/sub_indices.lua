-- string.sub clamps indices and treats negatives as counted from the end
local s = "abcdef"
print(s:sub(2, 4), s:sub(-3), s:sub(-100, 2), s:sub(4, 100), s:sub(0), s:sub(5, 2) == "")
print(s:sub(math.mininteger, math.maxinteger), s:sub(-2, -3) == "", s:sub(3, -3), s:sub(7))
