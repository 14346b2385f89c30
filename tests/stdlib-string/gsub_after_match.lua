-- an empty match right where the previous match ended is skipped (Lua 5.4 rule)
print(("abc"):gsub("%w*", "-"))
print(("a b"):gsub("%w*", "-"))
print(("hello world"):gsub("%a*", "<%0>"))
for m in ("abc  de"):gmatch("%w*") do io.write("[", m, "]") end
print()
print(("a,b"):gsub("[^,]*", "x"))
print((";;"):gsub("[^;]*", "x"))
