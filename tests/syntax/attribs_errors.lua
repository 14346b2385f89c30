-- local attributes: only const and close, one to-be-closed per list, consts are read-only
local sources = {
  "local x <foo> = 1",
  "local x <const> = 1; x = 2",
  "local a <close>, b <close> = nil, nil",
  "local x <const> = 1; local function f() x = 3 end",
  "local x <const>",
  "local function f() local y <const> = 2; return function() y = 1 end end",
}
for _, src in ipairs(sources) do
  print(select(2, load(src)))
end
