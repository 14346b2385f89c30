-- break exits only the innermost loop
local out = {}
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then break end
    out[#out + 1] = i .. j
  end
end
print(table.concat(out, " "))
