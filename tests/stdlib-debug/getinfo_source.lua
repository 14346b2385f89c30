-- getinfo 'S': source, short_src, what, linedefined and lastlinedefined for Lua, main and C functions
local function show(i)
  print(i.source, i.short_src, i.what, i.linedefined, i.lastlinedefined)
end
local function f()
end
show(debug.getinfo(f, "S"))
show(debug.getinfo(1, "S"))
show(debug.getinfo(print, "S"))
show(debug.getinfo(load("return 1"), "S"))
show(debug.getinfo(load("\n\nlocal function g()\nend\nreturn g", "=custom")(), "S"))
show(debug.getinfo(load("return function() end", "@file.lua")(), "S"))
show(debug.getinfo(load("x = 1", "a very long chunk name that goes on and on and on and on and on and on and more"), "S"))
show(debug.getinfo(load("x = 1\ny = 2", "first line\nsecond line"), "S"))
show(debug.getinfo(load("return 1", "=" .. string.rep("x", 80)), "S"))
show(debug.getinfo(load("return 1", "@" .. string.rep("y", 80)), "S"))
