-- Errors on a `local function`'s own name name it as an upvalue, as the reference does.
local function use(n)
  if n == 1 then return use + 1 end
  if n == 2 then return use.field.x end
  if n == 3 then return #use end
  return use < 1
end
for n = 1, 4 do print(select(2, pcall(use, n))) end
local function deep(n)
  if n == 0 then error("at the bottom") end
  return deep(n - 1) + 0
end
print(pcall(deep, 10))
local function frames(m)
  local out = { m }
  for line in debug.traceback("", 1):gmatch("[^\n]+") do
    if line:find("deep") then out[#out + 1] = line end
  end
  return table.concat(out, "\n")
end
print(select(2, xpcall(deep, frames, 2)))
