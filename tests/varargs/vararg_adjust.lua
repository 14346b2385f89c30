-- ... expands fully only at the end of a list; in parentheses it gives one value
local function f(...)
  local a, b = ...
  local t = {..., "end"}
  return a, b, (...), #t, select("#", ...)
end
print(f(1, 2, 3))
print(f())
