-- __newindex tables chain through their own metatables
local final = {}
local middle = setmetatable({}, {__newindex = final})
local t = setmetatable({}, {__newindex = middle})
t.k = "v"
print(rawget(t, "k"), rawget(middle, "k"), final.k)
