-- '^' anchors only at the start of a pattern and '$' only at its end
print(("hello"):find("^h"), ("hello"):find("^e"), ("hello"):find("o$"), ("hello"):find("l$"))
print(("a^b"):find("a^b"), ("a$b"):find("a$b"), ("$"):find("$"), ("^"):find("^^"))
print(("hello"):match("^(h.-)l"), ("hello"):match("^hello$"), ("hello!"):match("^hello$"))
print(("x"):gsub("^", "<"), ("x"):gsub("$", ">"), ("aaa"):gsub("^a", "b"))
print(("a\nb"):find("^b"), ("a\nb"):find("a$"))
