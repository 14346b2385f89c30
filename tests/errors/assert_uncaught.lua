-- an uncaught failed assertion reports "assertion failed!"
assert(1 == 2)
