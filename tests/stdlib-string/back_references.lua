-- '%1'-'%9' in a pattern match the text of an earlier capture
print(('say "hi" and \'bye\''):match("([\"'])(.-)%1"))
print(("abcabc"):find("(abc)%1"), ("abcabd"):find("(abc)%1"))
print(("aa bb cd ee"):gsub("(%a)%1", "<%1%1>"))
print(("x=1,y=1"):match("(%d),.-=%1"), ("a1b2a1"):match("(a)(1).-%1%2"))
print(("()"):match("(%()%)"), ("aXa"):match("(.)X%1"), ("aXb"):match("(.)X%1"))
print(("12"):find("()%1"))
