-- only variables can be assigned; calls and literals cannot
local sources = {
  "f() = 1",
  "1 = x",
  "x, f() = 1, 2",
  "(x) = 1",
  "a.b:c = 1",
  "x + 1 = 2",
}
for _, src in ipairs(sources) do
  print(select(2, load(src)))
end
