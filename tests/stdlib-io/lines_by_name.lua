-- io.lines(name) iterates over the lines and closes the file at the end or when the loop is left
local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write("one\n", "two\n", "\n", "last")
f:close()
for line in io.lines(name) do print(string.format("%q", line)) end
local iterator, state, control, file = io.lines(name)
print(type(iterator), state, control, io.type(file))
print(iterator(), iterator(), iterator(), iterator())
print(io.type(file), iterator())
print(io.type(file))
print(pcall(iterator))
local kept
for line, _ in io.lines(name) do
  kept = select(4, io.lines(name))
  break
end
local saved
do
  local it, _, _, f2 = io.lines(name)
  saved = f2
  for line in it, nil, nil, f2 do
    if line == "two" then break end
  end
end
print(io.type(saved))
for l in io.lines(name, "L") do io.write(string.format("%q ", l)) end
print()
for a, b in io.lines(name, 1, 2) do io.write(a, "|", b, " ") end
print()
for n in io.lines(name, "n") do print(n) end
os.remove(name)
