-- integers and floats survive a round trip through their decimal text
for _, v in ipairs({0, -1, math.maxinteger, math.mininteger, 0.5, -2.25, 1e100, 123.0}) do
  local back = tonumber(tostring(v))
  print(v, back == v, math.type(back) == math.type(v))
end
print(tonumber(tostring(1/3)) == 1/3, tostring(1/3))
