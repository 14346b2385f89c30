-- infinities, NaN and negative zero in every float conversion
local f = string.format
local inf, nan = math.huge, 0 / 0
print(f("%f %f %e %g %G %E", inf, -inf, inf, -inf, inf, -inf))
print(f("[%10f][%-10f][%+f][%010f]", inf, inf, inf, -inf))
print(f("%f %e %g", -0.0, -0.0, -0.0), f("%+f %+g", 0.0, -0.0))
print(f("%.1f %.0f %.0f %.0f %.0f", 0.05, 0.5, 1.5, 2.5, -0.5))
print(f("%g %g", 1e308 * 10, -1e308 * 10), f("%5.1f|", inf))
print(f("%f", nan):gsub("-", ""), (f("%e", nan):gsub("-", "")))
