-- pending finalizers run when the state is closed at exit
local keep = setmetatable({}, {__gc = function() print("finalized at exit") end})
print("end of script")
