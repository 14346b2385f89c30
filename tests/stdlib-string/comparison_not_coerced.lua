-- strings compare byte by byte and never equal numbers
print("10" == 10, "a" < "b", "Z" < "a", "" < "a", "a\0b" < "a\0c", "a" < "a\0")
print("10" < "9", "abc" <= "abc", "\255" > "\0")
print(pcall(function() return "10" < 9 end))
print(pcall(function() return 1 <= "2" end))
