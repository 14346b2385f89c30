-- the hook count is kept as a C int: it wraps, and only a positive count enables count events
local function h() end
for _, c in ipairs({-5, 0, 5, 2^31, 2^32 + 3, 2^24 + 1}) do
  debug.sethook(h, "c", c)
  print(c, select(2, debug.gethook()))
  debug.sethook()
end
debug.sethook(h, "", 5)
print(select(2, debug.gethook()))
debug.sethook()
debug.sethook(h, "", -1)
print(debug.gethook())
debug.sethook(h, "lcrx", 0)
print(select(2, debug.gethook()))
debug.sethook()
print(pcall(debug.sethook, h, "c", 1.5))
print(pcall(debug.sethook, h, {}, 1))
