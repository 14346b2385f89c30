-- changing the shared string metatable affects every string; primitive operations ignore it
local mt = getmetatable("")
local old = mt.__index
mt.__index = function(s, k) return "idx:" .. s .. ":" .. tostring(k) end
print(("abc").foo, ("abc")[1], ("x").len)
mt.__index = old
print(("abc"):upper())
mt.__len = function() return 99 end
print(#"abc")
mt.__len = nil
mt.__concat = function(a, b) return "cat" end
print(pcall(function() return "a" .. {} end), pcall(function() return {} .. "a" end))
print("a" .. "b", "a" .. 1)
mt.__concat = nil
mt.__call = function(s, ...) return "called " .. s, select("#", ...) end
print(("fn")(1, 2))
mt.__call = nil
mt.__eq = function() return true end
print("a" == "b")
mt.__eq = nil
mt.__lt = function() return true end
print("b" < "a", pcall(function() return "a" < 1 end))
mt.__lt = nil
print(pcall(setmetatable, "x", {}))
print(getmetatable("x") == mt, rawequal(getmetatable("a"), getmetatable("b")))
mt.__metatable = "locked"
print(getmetatable("x"))
mt.__metatable = nil
mt.__add = function(a, b) return "myadd" end
print("1" + 2, "x" + 1)
mt.__add = nil
print(pcall(function() return "1" + 2 end))
mt.__unm = nil
print(pcall(function() return -"2" end))
mt.__newindex = function() error("no newindex") end
print(pcall(function() local s = "x"; s.y = 1 end))
mt.__newindex = nil
print(pcall(function() local s = "x"; s.y = 1 end))
