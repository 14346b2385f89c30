-- %d %i %x %X %o with widths, precisions and every flag
local f = string.format
print(f("[%d][%i][%5d][%-5d][%05d][%+d][% d]", 42, 42, 42, 42, 42, 42, 42))
print(f("[%.3d][%8.3d][%-8.3d][%+.3d][%.0d][%.0d]", 7, 7, 7, 7, 0, 1))
print(f("[%x][%X][%#x][%#X][%08x][%#08x][%-#8x]", 255, 255, 255, 255, 255, 255, 255))
print(f("[%o][%#o][%5o][%#o][%.4o]", 8, 8, 8, 0, 8))
print(f("[%d][%d][%x][%X]", math.maxinteger, math.mininteger, -1, math.mininteger))
print(f("[%d][%+d][% d][%05d]", -42, -42, -42, -42))
print(f("%d %x %o", 3.0, 2^53, -0.0))
print(f("[%99d]", 1):len(), f("[%.99d]", 1):len())
