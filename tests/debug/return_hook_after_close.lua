-- the return hook of a function runs after its to-be-closed variables are closed
local function func2close(f) return setmetatable({}, {__close = f}) end
local trace = {}
local function hook(event)
  trace[#trace + 1] = event .. " " .. tostring(debug.getinfo(2, "n").name)
end
local function foo(...)
  local x <close> = func2close(function() trace[#trace + 1] = "x" end)
  local y <close> = func2close(function() debug.sethook(hook, "r") end)
  return ...
end
local t = {foo(10, 20, 30)}
debug.sethook()
print(table.unpack(t))
print(table.concat(trace, ", "))
