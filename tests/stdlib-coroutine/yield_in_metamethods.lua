-- yields inside __index, __newindex, __add, __lt, __le, __concat, __eq, __len, __call and __unm
local Y = coroutine.yield
local mt = {
  __index = function(t, k) return Y("index " .. k) end,
  __newindex = function(t, k, v) Y("newindex " .. k) end,
  __add = function(a, b) return Y("add") end,
  __lt = function(a, b) return Y("lt") end,
  __le = function(a, b) return Y("le") end,
  __concat = function(a, b) return Y("concat") end,
  __eq = function(a, b) return Y("eq") end,
  __len = function(a) return Y("len") end,
  __call = function(self, x) return Y("call " .. x) end,
  __unm = function(a) return Y("unm") end,
}
local a, b = setmetatable({}, mt), setmetatable({}, mt)
local co = coroutine.wrap(function()
  print("index ->", a.key)
  a.k2 = 1
  print("add ->", a + 1)
  print("lt ->", a < b)
  print("le ->", a <= b)
  print("concat ->", a .. "s")
  print("eq ->", a == b)
  print("len ->", #a)
  print("call ->", a(5))
  print("unm ->", -a)
  if a < b then print("lt in condition true") else print("lt in condition false") end
  return "done"
end)
local answers = {"I", nil, 42, false, true, "C", 1, 7, "r", 3, true}
local v = co()
local i = 1
while v ~= "done" do
  print("yielded", v)
  v = co(answers[i])
  i = i + 1
end
