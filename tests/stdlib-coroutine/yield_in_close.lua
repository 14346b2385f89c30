-- a __close handler may yield; the block exit continues after the resume
local co = coroutine.wrap(function()
  do
    local x <close> = setmetatable({}, {__close = function()
      print("handler before yield")
      coroutine.yield("from handler")
      print("handler after yield")
    end})
    print("in block")
  end
  print("after block")
  return "end"
end)
print(co())
print(co())
