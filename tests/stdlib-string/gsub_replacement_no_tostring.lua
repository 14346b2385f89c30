-- gsub appends a replacement string or number as it is (lua_tolstring): a
-- __tostring in the string metatable is not consulted, while tostring and %s use it.
local mt = getmetatable("")
mt.__tostring = function() return "X" end
io.write((("abc"):gsub("%w", function(c) return c .. "!" end)), "\n")
io.write((("abc"):gsub("%w", { a = 1.5, b = 2 })), "\n")
io.write((("a b"):gsub("%w", function(c) return #c end)), "\n")
io.write(string.format("%s|", "abc"), "\n")
io.write(tostring("abc"), "\n")
mt.__tostring = nil
-- A replacement function that returns several values: only the first counts.
io.write((("xy"):gsub(".", function(c) return c:upper(), "ignored" end)), "\n")
-- Tail-called natives as replacement functions (their results return through a
-- frame the native gsub called).
io.write((("hello world"):gsub("%w+", function(w) return w:upper() end)), "\n")
io.write((("hello world"):gsub("%w+", function(w) return string.rep(w, 2, "-") end)), "\n")
print(select("#", ("abc"):gsub("b", function() end)))
