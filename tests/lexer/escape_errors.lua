-- malformed escape sequences are lexical errors that name the offending text
local sources = {
  [["\q"]], [["\300"]], [["\x4g"]], [["\x"]], [["\u{110000000}"]],
  [["\u{}"]], [["\u48"]], [["\u{48"]], [["\256"]],
}
for _, src in ipairs(sources) do
  print(select(2, load("return " .. src)))
end
