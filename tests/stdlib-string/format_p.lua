-- %p formats the address of an object, "(null)" for values that are not objects
local f = string.format
print(f("%p|%p|%p|%p", 1, 2.5, nil, true), f("[%10p][%-8p]", nil, false))
local t, u = {}, {}
print(f("%p", t) == f("%p", t), f("%p", t) ~= f("%p", u), f("%p", t) == tostring(t):match("0x%x+"))
print(f("%p", print) == tostring(print):match("0x%x+"), f("%p", "str"):match("^0x%x+$") ~= nil)
print(#f("%30p", t), f("%-30p|", t):sub(-1))
print(pcall(f, "%.3p", t))
print(pcall(f, "%#p", t))
print(pcall(f, "%0p", t))
print(pcall(f, "%p"))
