-- #t on tables with holes, after sets, removals, appends and reads, picks the same border as the reference
local seed = 12345
local function rand(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n + 1 end
local out = {}
for trial = 1, 300 do
  local t = {}
  local ops = rand(60)
  for _ = 1, ops do
    local r = rand(10)
    local k = rand(40)
    if r <= 5 then t[k] = k
    elseif r <= 7 then t[k] = nil
    elseif r == 8 then t[#t + 1] = true
    elseif r == 9 then local _ = t[k]
    else table.insert(t, 1) end
    out[#out + 1] = #t
  end
  if trial % 3 == 0 then
    local c = {1, 2, nil, 4, nil, nil, 7}
    out[#out + 1] = #c
    c[rand(8)] = nil
    out[#out + 1] = #c
  end
end
print(table.concat(out, " "))
