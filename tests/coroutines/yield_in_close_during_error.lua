-- __close handlers run while pcall unwinds an error may yield, and an error in one replaces the error the next ones see
local function closer(name, fail)
  return setmetatable({}, {__close = function(_, msg)
    print("closing", name, msg)
    coroutine.yield(name)
    if fail then error(fail, 0) end
  end})
end
local co = coroutine.wrap(function()
  local function foo(err)
    local z <close> = closer("z")
    local y <close> = closer("y", err and err + 20)
    local x <close> = closer("x")
    if err == 10 then error(err, 0) end
    return 10, 20
  end
  coroutine.yield(pcall(foo, nil))
  coroutine.yield(pcall(foo, 1))
  return pcall(foo, 10)
end)
for _ = 1, 12 do
  print(co())
end
