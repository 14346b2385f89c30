-- an uncaught error still runs __close before the script ends
local c <close> = setmetatable({}, {__close = function(_, e) print("closing with", (e:match("^[^\n]*"))) end})
error("fatal", 0)
