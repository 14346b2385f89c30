-- -0.0 is a distinct float that compares equal to 0
local nz = -0.0
print(nz, 0.0, nz == 0, 1 / nz, 1 / 0.0, nz .. "", string.format("%g", nz))
print(math.tointeger(nz), nz // 1, nz * 1, -0 == 0, -(0) )
print(0.0 * -1, math.abs(nz), math.max(nz, 0.0), math.min(0.0, nz))
