-- A hook set or cleared by a native function that another native function called
-- (pcall, coroutine.wrap, a generic-for iterator) takes effect at once.
local lines = 0
local function count() lines = lines + 1 end

pcall(debug.sethook, count, "l")
local a = 1
local b = 2
pcall(debug.sethook)
print("after pcall", lines > 0)

lines = 0
local set = coroutine.wrap(function() debug.sethook(count, "l") end)
set()
local c = 3
local d = 4
debug.sethook()
print("after wrap (hooks are per coroutine)", lines)

lines = 0
local function iter(_, i)
  if i == 0 then debug.sethook(count, "l") return 1 end
  debug.sethook()
end
for i in iter, nil, 0 do
  local e = i
  local f = i + 1
end
print("after iterator", lines > 0)

local calls = 0
debug.sethook(function() calls = calls + 1 end, "", 1)
select(1, pcall(debug.sethook))
local g = 1
print("count hook cleared through pcall", calls > 0, debug.gethook() == nil)
