-- a line hook in code without line information is called once on entry, with a nil line, and always gets two arguments
local function foo()
  local a = 1
  local b = 2
  return a + b
end
local s = load(string.dump(foo, true))
local calls = {}
debug.sethook(function(e, l)
  calls[#calls + 1] = e .. ":" .. tostring(l) .. ":" .. select("#", e, l)
end, "l")
local r = s()
debug.sethook(nil)
print(r, table.concat(calls, " "))
debug.sethook(function(...) print("call hook args", select("#", ...), ...) end, "c")
math.abs(1)
debug.sethook(nil)
