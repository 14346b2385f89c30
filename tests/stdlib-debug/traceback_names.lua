-- tracebacks name global, local, method, field, upvalue and metamethod frames and tail calls
Global = {}
function Global.field() print(debug.traceback("field")) end
function Global:method() Global.field() end
local function loc() Global:method() end
local up = function() loc() end
local function tail() return up() end
local mt = {__index = function() tail(); return 1 end}
local obj = setmetatable({}, mt)
function run() local _ = obj.missing end
run()
print(select(2, pcall(function() local ok = xpcall(error, function(m) print(debug.traceback(m)) end, "in handler") end)))
