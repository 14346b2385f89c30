-- an uncaught error object with __tostring is reported with that text
error(setmetatable({}, {__tostring = function() return "custom error object" end}))
