-- string.rep with separators, zero and negative counts
print(("ab"):rep(3), ("ab"):rep(3, "-"), ("x"):rep(0) == "", ("x"):rep(-1) == "", ("x"):rep(1, "sep"))
print(#string.rep("abc", 1000, ", "))
