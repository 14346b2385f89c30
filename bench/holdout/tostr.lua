-- tostr: tostring and tonumber of integers and floats, concatenated.
local t = 0
for i = 1, 300000 do
  local s = tostring(i) .. "." .. tostring(i * 0.5)
  t = t + #s + tonumber(tostring(i))
end
print(t)
