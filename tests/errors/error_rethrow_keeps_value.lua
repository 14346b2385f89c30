-- rethrowing an error object keeps its identity and does not add positions
local obj = {}
local ok, e = pcall(function()
  local ok2, e2 = pcall(error, obj)
  error(e2)
end)
print(ok, e == obj)
local ok3, e3 = pcall(function() local _, m = pcall(error, "msg") error(m, 0) end)
print(e3)
