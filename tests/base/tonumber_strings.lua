-- tonumber reads decimal and hexadecimal numerals with surrounding spaces
print(tonumber("10"), tonumber(" 10 "), tonumber("10.5"), tonumber("1e1"), tonumber("0x10"), tonumber("0x1p4"))
print(tonumber("-0x10"), tonumber(" -7 "), tonumber(".5"), tonumber("5."), tonumber("0x.8"), tonumber("1E+2"))
print(tonumber(""), tonumber(" "), tonumber("0x"), tonumber("1 2"), tonumber("1e"), tonumber("- 1"))
print(tonumber("inf"), tonumber("nan"), tonumber("1_000"), tonumber("10\0"), tonumber("0x1g"))
print(tonumber("9223372036854775807"), tonumber("9223372036854775808"), tonumber("-9223372036854775808"))
print(tonumber("0xffffffffffffffff"), tonumber("1" .. string.rep("0", 30)))
