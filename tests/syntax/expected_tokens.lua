-- a missing token names what was expected and what was found
local sources = {
  "x = (1",
  "f(1, 2",
  "t = {1, 2",
  "local function f() return 1",
  "if x then",
  "if x y",
  "while true",
  "for i = 1 do end",
  "for i 1, 2 do end",
  "local x <const = 1",
}
for _, src in ipairs(sources) do
  print(select(2, load(src)))
end
