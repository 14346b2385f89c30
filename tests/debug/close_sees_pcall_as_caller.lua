-- while an error unwinds, __close handlers run with the protected call as their caller
local function func2close(f) return setmetatable({}, {__close = f}) end
local function foo()
  local y <close> = func2close(function(_, msg)
    print(debug.getinfo(2, "n").name, msg)
    error("@y")
  end)
  local z <close> = func2close(function(_, msg)
    print(debug.getinfo(2, "n").name, msg)
    error("@z")
  end)
  error(4)
end
print(pcall(foo))
