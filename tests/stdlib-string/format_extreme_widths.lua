-- float conversions at the largest width and precision, with every flag
for _, c in ipairs({"f", "e", "g", "a", "E", "G", "A"}) do
  for _, v in ipairs({1e308, -1e-308, 5e-324, 1/3, 0.0, 123456789012345678}) do
    local s = string.format("%-+#099.99" .. c, v)
    local t = string.format("%099.99" .. c, v)
    io.write(#s, ":", s:sub(1, 30), ":", s:sub(-12), "|", #t, ":", t:sub(-20), "\n")
  end
end
