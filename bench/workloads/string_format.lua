-- string_format: string.format with the common conversions (%d, %5.2f, %s, %x, %g,
-- padding and precision). Measures the formatter and number-to-text conversion.
local n = ({ tiny = 200, small = 10000, full = 300000 })[... or "full"]

local total_length, last = 0, ""
for i = 1, n do
  local row = string.format("%6d|%-8s|%8.3f|%x|%5.1f%%|%g|%s",
    i, "item" .. i % 100, i / 7, i * 31, (i % 1000) / 10, i * 0.25, i % 2 == 0)
  total_length = total_length + #row
  last = row
end
print(last)
print(string.format("string_format total length = %d", total_length))
