-- assigning to a <const> local is a compile-time error
print(select(2, load("local x <const> = 1 x = 2")))
print(select(2, load("local a, b <const> = 1, 2 a = 3 b = 4")))
