-- concatenated floats use %.14g and keep ".0" for integral values
print(0.1 .. "", 1/3 .. "", 1e15 .. "", 1e16 .. "", -1.5e-10 .. "", 2^24 .. "", 100 / 2 .. "")
print(math.huge .. "", -math.huge .. "", -(0.0) .. "")
