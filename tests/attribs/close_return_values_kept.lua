-- return values survive closing; __close results are discarded
local function f()
  local c <close> = setmetatable({}, {__close = function() return "ignored" end})
  return 1, 2, 3
end
print(f())
