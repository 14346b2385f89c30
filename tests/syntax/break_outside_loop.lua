-- 'break' outside a loop is a compile-time error
local sources = {
  "break",
  "if x then break end",
  "function f() break end",
  "while true do local function g() break end end",
}
for _, src in ipairs(sources) do
  print(select(2, load(src)))
end
