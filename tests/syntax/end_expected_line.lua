-- an unclosed block at end of input names the line where it was opened
local sources = {
  "do\n\nlocal x = 1",
  "function f()\n  if x then\n  end\n",
  "while x do\n\n\nx()",
  "repeat\n x = 1\n",
  "for i = 1, 2 do\n",
}
for _, src in ipairs(sources) do
  print(select(2, load(src)))
end
