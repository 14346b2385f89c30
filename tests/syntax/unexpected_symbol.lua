-- tokens that cannot start or continue an expression are unexpected symbols
local sources = {
  "x = = 1",
  "x = )",
  "local x = 1 +",
  "f(,)",
  "x = {,}",
  "return return",
}
for _, src in ipairs(sources) do
  print(select(2, load(src)))
end
