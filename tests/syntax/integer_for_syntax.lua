-- numeric for needs '=' and two or three expressions; generic for needs 'in'
local sources = {
  "for i = 1 do end",
  "for i = 1, 2, 3, 4 do end",
  "for a, b = 1, 2 do end",
  "for a b in x do end",
  "for i in do end",
}
for _, src in ipairs(sources) do
  print(select(2, load(src)))
end
