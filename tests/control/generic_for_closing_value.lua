-- the fourth value of a generic for is closed when the loop ends
local function iter(n)
  local closer = setmetatable({}, {__close = function() print("closed") end})
  local i = 0
  return function() i = i + 1 if i <= n then return i end end, nil, nil, closer
end
for i in iter(2) do print("item", i) end
for i in iter(5) do if i == 2 then break end end
print("after")
