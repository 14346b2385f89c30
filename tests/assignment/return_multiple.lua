-- return lists expand the last call; parentheses truncate to one value
local function three() return 1, 2, 3 end
local function all() return three() end
local function one() return (three()) end
local function mid() return three(), 10 end
print(all())
print(one())
print(mid())
print(select("#", (function() end)()), select("#", (function() return nil end)()))
