-- getinfo 'u': nups, nparams and isvararg for Lua functions, main chunks and C functions
local a, b = 1, 2
local function show(f)
  local i = debug.getinfo(f, "u")
  print(i.nups, i.nparams, i.isvararg)
end
show(function() end)
show(function(x, y, z) return a + b end)
show(function(x, ...) return a end)
show(function(...) return print end)
show(print)
show(string.format)
show(1)
show(load("return ..."))
