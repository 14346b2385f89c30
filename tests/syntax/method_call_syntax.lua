-- method definitions and calls need a name after ':'
local sources = {
  "function t:() end",
  "t:1()",
  "t:m",
  "x = t:m",
  "function a.b:c.d() end",
}
for _, src in ipairs(sources) do
  print(select(2, load(src)))
end
