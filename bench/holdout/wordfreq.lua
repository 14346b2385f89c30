-- wordfreq: word frequencies with gmatch over a generated text, sorted by count then word.
local words = {"lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do"}
local parts = {}
local seed = 7
for i = 1, 200000 do seed = (seed * 16807) % 2147483647; parts[i] = words[seed % #words + 1] .. (seed % 3 == 0 and "," or "") end
local text = table.concat(parts, " ")
local counts = {}
for round = 1, 3 do
  for w in text:gmatch("%a+") do counts[w] = (counts[w] or 0) + 1 end
end
local keys = {}
for k in pairs(counts) do keys[#keys + 1] = k end
table.sort(keys, function(a, b) return counts[a] > counts[b] or (counts[a] == counts[b] and a < b) end)
for _, k in ipairs(keys) do io.write(k, "=", counts[k], " ") end
print(#text:upper(), select(2, text:gsub("o", "0")))
