-- os.date errors: invalid conversions (named with the rest of the format), bad times, huge years
for _, format in ipairs({"%", "%Q", "%Ez", "%O", "%Oz abc", "%E", "%5d", "%-d", "%#x", "ok %", "%Y %K %d"}) do
  print(pcall(os.date, format, 0))
end
print(pcall(os.date, "!%Q", 0))
print(pcall(os.date, "%Y", 1.5))
print(pcall(os.date, "%Y", "x"))
print(pcall(os.date, "%Y", {}))
print(pcall(os.date, {}))
print(pcall(os.date, "*t", 2^60))
print(pcall(os.date, "!%Y", 2^60))
print(pcall(os.date, "!*t", math.mininteger))
print(os.date("!%Y", "86400"), os.date("!%Y", 3.0))
