-- getmetatable returns nil for plain values and the shared string metatable
print(getmetatable({}), getmetatable(1), getmetatable(nil), getmetatable(print))
print(getmetatable("x") == getmetatable(""), type(getmetatable("").__index))
print(pcall(getmetatable))
