-- os.exit with close = true closes the state, running finalizers
local keep = setmetatable({}, {__gc = function() print("finalizer ran") end})
print("exiting")
os.exit(0, true)
