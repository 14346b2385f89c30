local t = {
  ...
}
local x =
  t.a
  +
  t.b
local s = [[
long
string]] .. "x"
f(
  1,
  2
)
return
  x
