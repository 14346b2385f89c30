-- debug.traceback levels: 1 starts at the caller of traceback, larger levels skip frames
local function level3(l) return debug.traceback("L" .. l, l) end
local function level2(l) return level3(l) end
local function level1(l) return level2(l) end
for _, l in ipairs({0, 1, 2, 3, 4, 5, 10, -1}) do
  print(level1(l))
  print("--")
end
