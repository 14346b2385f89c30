-- numerals followed by letters or stray dots are malformed
for _, src in ipairs({"3x", "0x", "1e", "1e+", "3.4.5", "0xg", "1..2", "08z", "0x1p"}) do
  print(src, select(2, load("return " .. src)))
end
