-- an error inside the message handler is reported as an error in error handling
print(xpcall(error, function() error("again") end))
print(xpcall(function() error("x") end, function(e) return nil end))
