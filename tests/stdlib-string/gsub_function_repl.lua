-- a function replacement gets the captures; false or nil keeps the original match
print(("hello world"):gsub("%w+", string.upper))
print(("a=1, b=2"):gsub("(%w+)=(%w+)", function(k, v) return v .. "=" .. k end))
print(("abc"):gsub("%w", function(c) if c == "b" then return nil end return c .. c end))
print(("abc"):gsub("%w", function() return false end))
print(("1 2 3"):gsub("%d", function(d) return d * 10 end))
print(("x"):gsub("x", function() return 1.5 end))
print(pcall(string.gsub, "x", "x", function() return true end))
print(pcall(string.gsub, "x", "x", function() return {} end))
local calls = {}
print(("abc"):gsub("", function(...) calls[#calls + 1] = select("#", ...) .. ":" .. tostring(...) end))
print(table.concat(calls, " "))
