-- collectgarbage fails (returns a false value) for every option inside a finalizer
local res = {}
setmetatable({}, {__gc = function()
  res[1] = collectgarbage()
  res[2] = collectgarbage("count")
  res[3] = collectgarbage("step")
  res[4] = collectgarbage("isrunning")
end})
collectgarbage()
print(res[1], res[2], res[3], res[4])
print(collectgarbage("isrunning"), type(collectgarbage("count")))
