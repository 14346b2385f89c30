-- string.rep refuses results larger than the maximum string size
print(pcall(string.rep, "x", math.maxinteger))
print(pcall(string.rep, "abc", 2^40))
print(pcall(string.rep, "x", 2^31))
print(pcall(string.rep, "", 2^40, "x"))
print(pcall(string.rep, "x", 2^30, "y"))
