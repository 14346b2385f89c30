-- getinfo 'r' inside call and return hooks: ftransfer and ntransfer describe the moved values
local log = {}
local function hook(event)
  local i = debug.getinfo(2, "nr")
  if i.name == "target" then
    local vals = {}
    for k = i.ftransfer, i.ftransfer + i.ntransfer - 1 do
      local n, v = debug.getlocal(2, k)
      vals[#vals + 1] = tostring(n) .. "=" .. tostring(v)
    end
    log[#log + 1] = event .. " " .. i.ftransfer .. " " .. i.ntransfer .. " [" .. table.concat(vals, ",") .. "]"
  end
end
local function target(a, b) local c = a + b; return c, "x", nil end
debug.sethook(hook, "cr")
target(10, 20)
debug.sethook()
for _, l in ipairs(log) do print(l) end
local i = debug.getinfo(1, "r")
print(i.ftransfer, i.ntransfer)
