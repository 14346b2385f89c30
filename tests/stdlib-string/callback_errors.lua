-- errors raised inside gsub callbacks and __tostring propagate unchanged
print(pcall(string.gsub, "abc", "%w", function(c) error("boom " .. c) end))
print(pcall(string.gsub, "abc", "%w", function(c) error({ code = c }) end) == false)
local ok, e = pcall(string.gsub, "abc", "%w", function(c) error({ code = c }) end)
print(ok, type(e), e.code)
print(pcall(string.format, "%s", setmetatable({}, { __tostring = function() error("ts", 0) end })))
print(pcall(string.format, "%s", setmetatable({}, { __tostring = function() return {} end })))
print(pcall(string.gsub, "abc", "%w", setmetatable({}, { __index = function() error("idx", 0) end })))
