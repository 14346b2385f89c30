-- getlocal names the hidden loop variables '(for state)' and temporaries '(temporary)'
local function locals(level)
  local out = {}
  for i = 1, 30 do
    local n, v = debug.getlocal(level + 1, i)
    if not n then break end
    out[#out + 1] = n .. "=" .. (type(v) == "number" and tostring(v) or type(v))
  end
  return table.concat(out, " ")
end
for i = 1, 2 do print(locals(1)) break end
for k, v in pairs({a = 1}) do print(locals(1)) end
for k, v in ipairs({10}) do print(locals(1)) end
do local a <close> = nil; print(locals(1)) end
do local c <const> = 5; local d <const> = {}; print(locals(1)) end
local function vf(a, ...) local b = 1; print(locals(1)) end
vf(1, 2, 3)
local function tc() return locals(1) end
print(tc())
