-- gmatch iterates over matches, yielding captures or the whole match
for w in ("one two  three"):gmatch("%a+") do io.write("[", w, "]") end
print()
for k, v in ("a=1, b=2, c=3"):gmatch("(%w+)=(%w+)") do io.write(k, "->", v, " ") end
print()
for e in ("abc"):gmatch("") do io.write("<", e, ">") end
print()
for x in ("a,b,,c"):gmatch("([^,]*)") do io.write("(", x, ")") end
print()
local it = ("x y"):gmatch("%a")
print(it(), it(), it(), it())
local n = 0
for _ in ("aaaa"):gmatch("a") do n = n + 1 end
print(n)
