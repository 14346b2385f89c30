-- strings compare byte-wise, embedded zeros included
print("a" < "b", "" < "a", "Z" < "a", "abc" < "abd", "ab" < "abc", "a\0b" < "a\0c", "a\0" > "a")
print("10" < "9", "A" <= "A", "b" >= "a", "\255" > "\1")
