-- xpcall calls the handler with the error and returns its result
print(xpcall(function() error("msg", 0) end, function(e) return "handled: " .. e end))
print(xpcall(function(a, b) return a + b end, print, 2, 3))
print(xpcall(function() error({}) end, function(e) return type(e) end))
print(xpcall(function() local x = nil; return x.y end, function(e) return (e:gsub("^.-:%d+: ", "")) end))
print(pcall(xpcall, function() end))
