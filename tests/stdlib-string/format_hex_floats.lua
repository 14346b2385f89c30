-- %a and %A print floats in hexadecimal
local f = string.format
print(f("%a %a %a %a %a", 1.0, 0.5, -2.0, 0.1, 1e300))
print(f("%A %A", 255.5, -0.0), f("%a", 0.0))
print(f("%.2a %.0a %15a %-15a|", 1/3, 1.5, 1.0, 1.0))
print(f("%+a %#a % a", 1.0, 1.0, 1.0), f("%a %a", math.huge, -math.huge))
print(f("%a", 2^-1074), f("%a", 2^1023), f("%a", 3))
