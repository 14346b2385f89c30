-- io.tmpfile gives a read-write file that starts empty
local f = io.tmpfile()
print(io.type(f), f:read("a"))
print(f:write("scratch ", 1, "\n") == f)
print(f:seek("set"), f:read("l"))
print(f:seek("end"))
print(f:close(), io.type(f))
