-- call and return hooks see Lua and C functions with their names, tail calls included
local log = {}
local function hook(event)
  local i = debug.getinfo(2, "nS")
  log[#log + 1] = event .. ":" .. tostring(i.name) .. ":" .. i.what
end
local function leaf() return 1 end
local function mid() return leaf() end
local function top() local v = mid(); return math.abs(v) end
debug.sethook(hook, "cr")
top()
debug.sethook()
for _, l in ipairs(log) do print(l) end
