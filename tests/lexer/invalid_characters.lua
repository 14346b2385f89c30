-- characters outside the language are unexpected symbols, control bytes shown as <\N>
print(select(2, load("x = @")))
print(select(2, load("x = \1")))
print(select(2, load("x = $y")))
print(select(2, load("x = 1 !")))
