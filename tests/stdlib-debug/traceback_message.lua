-- debug.traceback: message first, then the stack; non-string messages are returned untouched
local function clean(s) return (s:gsub("0x%x+", "ADDR")) end
local function f() return debug.traceback("msg") end
print(f())
print(debug.traceback())
print(debug.traceback(nil) == nil, debug.traceback(42) == 42)
local t = {}
print(debug.traceback(t) == t, debug.traceback(true))
print(debug.traceback(12.5, 1))
print(clean(debug.traceback("number level", 1.0)))
print(debug.traceback("", 1))
print(pcall(debug.traceback, "x", "y"))
