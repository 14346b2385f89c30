-- concatenation converts numbers with the same format as tostring
print(1 .. "", 1.0 .. "", -0.0 .. "", 2^63 .. "", math.mininteger .. "", 1e100 .. "")
print(10 .. 20, 1.5 .. 2, "x" .. 1 // 1, 0x10 .. "")
