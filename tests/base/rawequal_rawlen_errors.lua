-- the raw functions check their argument types
print(rawequal(1, 1), rawequal("a", "a"), rawequal({}, {}))
print(pcall(rawequal, 1))
print(pcall(rawlen))
print(pcall(rawlen, 42))
print(rawlen({1, 2}), rawlen("four"))
