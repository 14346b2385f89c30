-- string.rep repeats with an optional separator between copies
print(("ab"):rep(3), ("ab"):rep(3, ","), ("ab"):rep(1, ","), ("ab"):rep(0, ",") == "")
print(("ab"):rep(-5) == "", (""):rep(5) == "", (""):rep(3, "x"), ("x"):rep(2, ""))
print(("a\0"):rep(2, "\0") == "a\0\0a\0", string.rep(1, 3, 2))
print(#("abc"):rep(10000), #("abc"):rep(1000, ", "))
print(("x"):rep(3.0), ("x"):rep("2"))
print(pcall(string.rep, "x", 1.5))
print(pcall(string.rep, "x"))
print(pcall(string.rep, "x", 2, {}))
