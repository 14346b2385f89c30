-- string values index the string table through their shared metatable
local s = "abc"
print(s.upper(s), s:len(), s.nofield, ("x").rep == string.rep)
print(pcall(function() s.field = 1 end))
