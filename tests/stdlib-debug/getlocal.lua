-- debug.getlocal reads locals by index, including temporaries and names of inactive ones
local function f(a, b)
  local c = a + b
  do local inner = 1 end
  local out = {}
  local i = 1
  while true do
    local name, value = debug.getlocal(1, i)
    if not name then break end
    out[#out + 1] = name .. "=" .. (type(value) == "table" and "table" or tostring(value))
    i = i + 1
  end
  return table.concat(out, " ")
end
print(f(1, 2))
local function params(x, y, ...) end
print(debug.getlocal(params, 1), debug.getlocal(params, 2), debug.getlocal(params, 3))
print(debug.getlocal(print, 1))
local function g() local v = "val"; return debug.getlocal(1, 1) end
print(g())
print(debug.getlocal(1, 100))
