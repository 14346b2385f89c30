-- calling a finished wrap function errors with 'cannot resume dead coroutine' and a position
local f = coroutine.wrap(function() return 1 end)
print(f())
print(pcall(f))
local g = coroutine.wrap(function() error("once") end)
print(pcall(g))
print(pcall(g))
local function caller() return f() end
print(pcall(caller))
f()
