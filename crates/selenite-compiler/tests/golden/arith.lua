local a, b = ...
local x = a + 1, a - 1, a * 2, a / 2, a // 2, a % 2, a ^ 2
local y = 1 + a, 2 * a, a + 300, a - 300, a + 1.5, a & 3, 3 | a, a ~ b, a << 2, 2 << a, a >> 3, a << b
local z = -a, ~a, #a, not a, -(-3), ~5, 2^53, 7 // 0, 7 % 0, 1 / 0, 0/0, -0.0, 3 & 1.5, "a" .. "b" .. a .. b
return x, y, z
