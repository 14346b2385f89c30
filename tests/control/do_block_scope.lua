-- do ... end opens a scope
local x = "outer"
do local x = "inner" print(x) end
print(x)
