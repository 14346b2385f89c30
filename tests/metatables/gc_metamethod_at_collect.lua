-- __gc runs when the object is collected by a full collection
local log = {}
do
  setmetatable({}, {__gc = function() log[#log + 1] = "collected" end})
end
collectgarbage()
collectgarbage()
print(#log, log[1])
