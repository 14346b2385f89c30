-- comparisons are non-associative only by types: a < b < c compares a boolean
local sources = {
  "return 1 < 2 < 3",
}
for _, src in ipairs(sources) do
  print(select(2, load(src)))
end
print(pcall(load("return 1 < 2 < 3")))
print(1 == 1 == true)
