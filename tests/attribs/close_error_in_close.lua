-- an error inside __close replaces the original error
local function bad(msg) return setmetatable({}, {__close = function() error(msg, 0) end}) end
print(pcall(function()
  local a <close> = bad("close error")
  error("original", 0)
end))
print(pcall(function()
  local a <close> = bad("first")
  local b <close> = bad("second")
end))
