-- patterns that can match the empty string advance one byte after an empty match
print(("abc"):gsub("x*", "-"))
print(("abc"):gsub("b*", "-"))
print((""):gsub("", "x"))
print((""):gsub("x*", "x"))
print(("hello world"):gsub("o*", "0"))
print(("abc"):gsub(".-", "."))
print(("a,,b"):gsub("[^,]*", "<%0>"))
