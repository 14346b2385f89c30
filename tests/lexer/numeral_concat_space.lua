-- "1 .. 2" concatenates while "1..2" is a malformed number
print(1 .. 2, 1.5 .. "", -2 .. -3)
print(load("return 1..2"))
