-- math.abs keeps the subtype; abs(mininteger) wraps around to mininteger
print(math.abs(-3), math.abs(3), math.abs(0), math.abs(-3.5), math.abs(-0.0))
print(math.type(math.abs(-3)), math.type(math.abs(-3.0)))
print(math.abs(math.mininteger), math.abs(math.mininteger) == math.mininteger)
print(math.abs(math.maxinteger), math.abs(-math.huge), math.abs(0/0) ~= math.abs(0/0))
print(math.abs("-7"), math.type(math.abs("-7")), math.abs("-7.25"))
print(pcall(math.abs))
print(pcall(math.abs, "x"))
print(pcall(math.abs, {}))
