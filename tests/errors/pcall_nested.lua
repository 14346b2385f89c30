-- nested pcalls each catch their own errors
local r = {pcall(function()
  local ok, e = pcall(error, "inner", 0)
  error("outer after " .. e, 0)
end)}
print(r[1], r[2])
print(pcall(pcall, pcall, error, "deep"))
