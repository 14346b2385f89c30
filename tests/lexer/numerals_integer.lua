-- decimal and hexadecimal integer numerals; hexadecimal ones wrap around
print(0, 123, 0xff, 0XA, 0x7fffffffffffffff)
print(0xffffffffffffffff, 0x10000000000000000, 0x8000000000000000)
print(9223372036854775807, math.type(9223372036854775807))
print(9223372036854775808, math.type(9223372036854775808))
