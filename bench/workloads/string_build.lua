-- string_build: builds strings by repeated `..` on short strings and by collecting
-- pieces for table.concat. Measures string creation, concatenation and tostring.
local rounds = ({ tiny = 5, small = 300, full = 8000 })[... or "full"]

local checksum = 0
for round = 1, rounds do
  local line = ""
  for i = 1, 40 do
    line = line .. i .. ","
  end

  local pieces = {}
  for i = 1, 200 do
    pieces[#pieces + 1] = "<" .. tostring(i * round % 1000) .. ">"
  end
  local joined = table.concat(pieces, " ")

  local words = {}
  for i = 1, 50 do words[i] = "w" .. (i % 10) end
  local sentence = table.concat(words, ", ", 10, 40)

  checksum = (checksum + #line + #joined + #sentence + #(line .. joined)) % 1000000007
end
print(string.format("string_build checksum = %d", checksum))
