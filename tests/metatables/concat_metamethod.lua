-- __concat runs when either operand is not a string or number
local mt = {__concat = function(a, b)
  local function s(x) return type(x) == "table" and "T" or tostring(x) end
  return s(a) .. "+" .. s(b)
end}
local o = setmetatable({}, mt)
print(o .. "x", "x" .. o, 1 .. o, o .. o, "a" .. "b" .. o)
