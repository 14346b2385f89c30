-- errors close pending variables and pass the error object to __close
local function closer(name)
  return setmetatable({}, {__close = function(_, err) print("close", name, err) end})
end
print(pcall(function()
  local a <close> = closer("a")
  error("boom", 0)
end))
