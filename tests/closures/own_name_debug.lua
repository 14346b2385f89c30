-- The debug interface can change the variable of a `local function` behind the
-- compiler's back: the function then reads the new value, as the reference does.
local function countdown(n)
  if n == 0 then return "bottom" end
  return countdown(n - 1)
end
print(countdown(3))
local original = countdown
print(debug.setupvalue(original, 1, function(n) return "replaced at " .. n end))
print(original(3), countdown(3))

local function steps(n)
  if n == 0 then return "done" end
  return steps(n - 1)
end
local function other(n) return "joined at " .. n end
local function holder() return other end
debug.upvaluejoin(steps, 1, holder, 1)
print(steps(2))

local function level(n)
  if n == 0 then return "level bottom" end
  return level(n - 1)
end
local function set_it()
  local i = 1
  while true do
    local name = debug.getlocal(2, i)
    if name == nil then break end
    if name == "level" then debug.setlocal(2, i, function() return "set by setlocal" end) end
    i = i + 1
  end
end
local saved = level
set_it()
print(saved(2), level == saved)
