-- coroutine.close: an error in a __close handler does not reach the message handler of an xpcall the coroutine was suspended in
local c = coroutine.create(function()
  local clo <close> = setmetatable({}, {__close = function()
    local x = 134
    error(x)
  end})
  xpcall(coroutine.yield, function() return "XXX" end)
end)
print(coroutine.resume(c))
print(coroutine.close(c))
print(coroutine.status(c))
