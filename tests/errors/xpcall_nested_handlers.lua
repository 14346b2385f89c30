-- each xpcall uses its own handler; a handler may itself use pcall
local function inner() error("inner failure", 0) end
local ok, msg = xpcall(function()
  local ok2, msg2 = xpcall(inner, function(e) return "inner handler: " .. e end)
  error(msg2 .. " / rethrown", 0)
end, function(e)
  local caught = select(2, pcall(error, "inside handler", 0))
  return "outer handler: " .. e .. " [" .. caught .. "]"
end)
print(ok, msg)
