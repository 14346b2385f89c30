-- '...' is only valid in a vararg function
local sources = {
  "function f() return ... end",
  "local function g(a) return function() return ... end end",
  "function h(...) return ... end return h(1)",
}
for _, src in ipairs(sources) do
  print(select(2, load(src)))
end
