-- goto must see its label, cannot jump into a local's scope, labels are unique
local sources = {
  "goto nowhere",
  "do goto l end do ::l:: end",
  "goto l; local x = 1; ::l:: print(x)",
  "::a:: ::a::",
  "::a:: do ::a:: end",
  "::l:: local function f() goto l end",
  "while true do goto continue end ::continue::",
}
for _, src in ipairs(sources) do
  print(select(2, load(src)))
end
