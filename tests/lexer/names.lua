-- names are letters, digits and underscores, case-sensitive, not starting with a digit
local _ = 1
local _a1, A1, a1 = 2, 3, 4
local __x__ = 5
print(_, _a1, A1, a1, __x__)
print(select(2, load("local 1a = 2")))
