-- a chunk may end inside a short comment; load sees the same
print(load("return 1 -- no newline")())
print(load("return 2 --[[ long ]]")())
print(load("return 3 --")())
