-- getinfo 'r' in hooks for C functions and events that move no values reports 0 and 0
local log = {}
debug.sethook(function(event)
  local i = debug.getinfo(2, "nr")
  log[#log + 1] = event .. " " .. tostring(i.name) .. " " .. i.ftransfer .. " " .. i.ntransfer
end, "cr")
local r = math.max(3, 1, 2)
local function none() end
none()
select("#")
debug.sethook()
for _, l in ipairs(log) do print(l) end
