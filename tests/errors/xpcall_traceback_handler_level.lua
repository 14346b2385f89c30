-- the handler runs at the point of the error, so error levels see the failing function
local function where() return (select(2, pcall(error, "w", 3))) end
print(xpcall(function() error("boom") end, function(e) return "H:" .. e end))
