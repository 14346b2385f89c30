-- file:lines reads with formats and leaves the file open; io.lines() reads the default input
local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write("10 20\n", "30\n", "x\n", "tail")
f:close()
f = assert(io.open(name))
for a, b in f:lines("n", "n") do print(a, b) end
print(io.type(f), f:read("a"))
f:seek("set")
local count = 0
for l in f:lines() do count = count + 1 end
print(count, io.type(f), f:read("a"), f:read("l"))
f:seek("set")
for l in f:lines("L") do io.write(string.format("%q ", l)) end
print()
f:close()
io.input(name)
for l in io.lines() do io.write("[", l, "]") end
print()
print(io.type(io.input()))
io.input():seek("set", 3)
for l in io.lines(nil, 2) do io.write("<", l, ">") end
print()
io.input():close()
io.input(io.stdin)
os.remove(name)
