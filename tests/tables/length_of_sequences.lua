-- # of a sequence is its number of elements
local t = {}
print(#t)
for i = 1, 100 do t[i] = i end
print(#t)
t[#t] = nil
print(#t)
t[#t + 1] = "x"
print(#t, t[100])
print(#{1, 2, 3, nil}, #{n = 1}, #{"a", "b"})
