-- '()' captures the current position as an integer
print(("hello"):match("()ll()"))
print(("hello"):find("()"), ("hello"):match("()", 3), ("hello"):match("()$"))
print(math.type(("abc"):match("()")))
print(("a,b,c"):gsub("()", "%1"))
for pos, word in ("one two three"):gmatch("()(%a+)") do io.write(pos, ":", word, " ") end
print()
print(("abc"):gsub("()b()", function(a, b) return a .. "-" .. b end))
