-- unary minus on integers wraps, on floats flips the sign, on strings converts
print(-(-5), -math.mininteger, -(0), -(0.0), -"3", -"-3.0", - -2)
print(pcall(function() return -"x" end))
