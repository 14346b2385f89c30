-- and, or, xor, not and shifts on 64-bit integers; shifts past 63 give 0
print(5 & 3, 5 | 3, 5 ~ 3, ~0, ~5, -1 >> 1, 1 << 63, 1 << 64, 1 << -1)
print(-1 >> 63, -1 >> 64, 2 >> -1, 0xF0 >> 4, 1 << 62, math.mininteger >> 63, -1 << 1000)
print(0xff ~ 0x0f, 0x7fffffffffffffff + 1 == 1 << 63)
