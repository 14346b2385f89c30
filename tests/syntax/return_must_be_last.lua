-- 'return' must be the last statement of a block
local sources = {
  "return 1 print(2)",
  "do return end print(1)",
  "return; return",
  "return 1;",
}
for _, src in ipairs(sources) do
  print(select(2, load(src)))
end
