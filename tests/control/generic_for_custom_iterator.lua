-- generic for calls the iterator with the state and the control value
local function range(n)
  return function(limit, i) if i < limit then return i + 1, i * i end end, n, 0
end
for i, sq in range(4) do io.write(i, "^2=", sq, " ") end
print()
local function stateless(t, i) i = i + 1 if t[i] then return i, t[i] end end
for i, v in stateless, {"x", "y"}, 0 do io.write(i, v, " ") end
print()
