-- deeply nested expressions exceed the parser's C-stack limit
local deep = "return " .. string.rep("(", 300) .. "1" .. string.rep(")", 300)
print((select(2, load(deep)):match("^[^\n]*")))
local fine = "return " .. string.rep("(", 100) .. "1" .. string.rep(")", 100)
print(load(fine)())
local blocks = string.rep("do ", 300) .. string.rep("end ", 300)
print((select(2, load(blocks)):match("^[^\n]*")))
