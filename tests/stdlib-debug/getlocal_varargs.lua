-- debug.getlocal with negative indices reads the varargs of a vararg function
local function v(...)
  local out = {}
  local i = -1
  while true do
    local name, value = debug.getlocal(1, i)
    if not name then break end
    out[#out + 1] = name .. "=" .. tostring(value)
    i = i - 1
  end
  return table.concat(out, " ")
end
print(v(10, nil, "z"))
print("[" .. v() .. "]")
local function fixed(a) return debug.getlocal(1, -1) end
print(fixed(1))
local function setv(...)
  print(debug.setlocal(1, -2, "changed"))
  print(debug.setlocal(1, -5, "none"))
  return ...
end
print(setv(1, 2, 3))
