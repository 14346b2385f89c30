-- os.exit(code, true) closes the state first: finalizers run and open files are closed
local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write("closed by lua_close\n")
setmetatable({}, {__gc = function() print("finalizer ran") end})
os.execute(string.format("(while kill -0 $PPID 2>/dev/null; do sleep 0.01; done; cat %s; rm -f %s) &", name, name))
io.write("before exit\n")
os.exit(4, true)
