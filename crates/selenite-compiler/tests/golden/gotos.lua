for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then goto continue end
    if i == 3 then break end
    local k = function() return i + j end
    ::continue::
  end
end
do
  ::top::
  local a = 1
  if a then goto done end
  goto top
  ::done::
end
while true do
  local c = {}
  local function h() return c end
  if h() then break end
end
