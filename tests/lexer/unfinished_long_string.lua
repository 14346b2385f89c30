-- unfinished long strings and comments report where they started
print(select(2, load("x = 1\nreturn [[abc")))
print(select(2, load("--[==[ comment\n\n")))
print(select(2, load("return [=[ ]] ]==]")))
