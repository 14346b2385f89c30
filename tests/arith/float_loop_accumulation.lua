-- repeated float addition accumulates rounding error exactly as IEEE doubles do
local x = 0
for _ = 1, 10 do x = x + 0.1 end
print(x, x == 1, string.format("%.17g", x))
print(0.1 + 0.2, 0.1 + 0.2 == 0.3, 1e16 + 1, 1e16 + 2)
