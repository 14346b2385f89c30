-- '*' and '+' are greedy, '-' is lazy, '?' is optional
local s = "<a><b><c>"
print(s:match("<.*>"), s:match("<.->"), s:match("<.+>"), s:match("<(.-)>"))
print(("aaab"):match("a*"), ("aaab"):match("a-b"), ("aaab"):match("a+b"), ("b"):match("a+b"))
print(("color colour"):gsub("colou?r", "C"))
print(("x"):match("a*"), ("x"):match("a-"), ("x"):match("x?x"), ("xx"):match("x?x"))
print(("[[a]]"):match("%[(.-)%]"), ("aaa"):find("a-$"), ("aaa"):find("a*$"))
print(("  trim me  "):match("^%s*(.-)%s*$") .. "|")
print(("a*"):match("a*%*"), ("abc"):match("a.?c"), ("ac"):match("a.?c"))
