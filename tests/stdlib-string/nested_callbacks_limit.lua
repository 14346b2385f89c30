-- gsub callbacks and __tostring nested through C calls stop at the C stack limit
local depth = 0
local function rec(s)
  depth = depth + 1
  return (s:gsub(".", rec))
end
local ok, e = pcall(rec, "x")
print(ok, e, depth)
depth = 0
local function rec2()
  depth = depth + 1
  return string.format("%s", setmetatable({}, { __tostring = rec2 }))
end
ok, e = pcall(rec2)
print(ok, e, depth)
