-- shift counts are integers of any size: negative shifts reverse, 64 or more clear
print(1 << 0, 1 << 63, 1 << 64, 1 << -1, 8 >> -2, -1 >> 0, -1 >> 65, 1 << math.mininteger)
print(1 << 2.0, 256 >> 4.0, pcall(function() return 1 << 1.5 end))
print(0x8000000000000000 >> 63, math.maxinteger << 1, math.mininteger >> 1)
