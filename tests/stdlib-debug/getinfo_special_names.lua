-- getinfo 'n' for hooks ('?'/hook), finalizers, functions called by pcall, xpcall handlers and gsub
debug.sethook(function(e)
  local i = debug.getinfo(1, "nS")
  local j = debug.getinfo(2, "nSl")
  print(e, i.name, i.namewhat, i.what, j.name, j.namewhat, j.currentline)
  debug.sethook()
end, "l")
local x = 1
local co = coroutine.create(function() local i = debug.getinfo(1, "n"); local k = debug.getinfo(2, "n"); return i.name, i.namewhat, k end)
print(coroutine.resume(co))
local t = setmetatable({}, {__gc = function() local i = debug.getinfo(1, "n"); print("gc", i.name, i.namewhat) end})
t = nil
collectgarbage()
print(pcall(function() local i = debug.getinfo(2, "n") return i.name, i.namewhat end))
print(xpcall(function() error("e") end, function() local i = debug.getinfo(1, "n") return i.name, i.namewhat end))
local s = string.gsub("a", "a", function() local i = debug.getinfo(2, "n") return tostring(i.name) .. i.namewhat end)
print(s)
print(select(2, pcall(string.rep)))
local function named() error("in named") end
print(pcall(named))
print(select(2, pcall(math.floor, "x")))
local obj = {} function obj:m() return debug.getinfo(1, "n").name end
print(obj:m(), obj.m(obj))
