-- every character class over all 256 bytes, and its upper-case complement
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
all = table.concat(all)
for _, c in ipairs({ "a", "c", "d", "g", "l", "p", "s", "u", "w", "x" }) do
  local _, n = all:gsub("%" .. c, "")
  local _, m = all:gsub("%" .. c:upper(), "")
  print(c, n, m, n + m)
end
local _, dots = all:gsub(".", "")
print("dot", dots)
