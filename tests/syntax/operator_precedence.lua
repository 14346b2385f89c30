-- precedence from lowest: or, and, comparison, |, ~, &, shift, .., + -, * / // %, unary, ^
print(1 + 2 * 3, (1 + 2) * 3, 2 ^ 3 ^ 2, -2 ^ 2, not nil == true)
print(1 .. 2 .. 3, "a" .. 1 + 2, 1 < 2 == true, 5 - 3 - 1, 2 ^ -1)
print(1 | 2 ~ 3 & 4, 1 << 2 + 1, 3 & 2 == 2, #"ab" + 1, -3 // 2 * 2)
print(nil or false and 1, false or nil, 1 and 2 or 3, nil and 1 or 2)
