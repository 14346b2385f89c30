-- load compiles strings into functions; syntax errors return nil and a message
local f = load("return 1 + 1")
print(f())
print(load("syntax error here"))
print(load("return ...", "chunk")(7))
