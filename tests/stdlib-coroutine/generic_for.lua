-- coroutines as generic-for iterators, including a yield inside the iterator function itself
local function range(n)
  return coroutine.wrap(function() for i = 1, n do coroutine.yield(i, i * i) end end)
end
for i, sq in range(4) do io.write(i, "=", sq, " ") end
print()
local function tree_walk(t)
  return coroutine.wrap(function()
    local function walk(node)
      if type(node) == "table" then for _, c in ipairs(node) do walk(c) end else coroutine.yield(node) end
    end
    walk(t)
  end)
end
local out = {}
for leaf in tree_walk({1, {2, {3, 4}}, {{5}}, 6}) do out[#out + 1] = leaf end
print(table.concat(out, " "))
local co = coroutine.wrap(function()
  local function iter(_, i)
    coroutine.yield("step " .. i)
    if i < 3 then return i + 1 end
  end
  for i in iter, nil, 0 do io.write("body ", i, "; ") end
  print()
  return "loop over"
end)
local v = co()
while v ~= "loop over" do io.write("[", v, "] "); v = co() end
print(v)
