-- %bxy matches a balanced run from x to the matching y
print(("f(a(b)c) d"):match("%b()"), ("x[1][2]"):match("%b[]"), ("{{}"):match("%b{}"))
print(("((a)"):find("%b()"), ("no parens"):find("%b()"), (")("):find("%b()"))
print(("if x then y end end"):match("%bie"))
print(("a(b)c(d)e"):gsub("%b()", "[]"))
print(("<<>>"):match("%b<>"), ("''x''"):match("%b''"), ("aXbXc"):match("%bXX"))
print(pcall(string.find, "x", "%b"))
print(pcall(string.find, "x", "%bx"))
