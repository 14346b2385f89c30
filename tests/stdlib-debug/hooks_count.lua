-- count hooks fire every n instructions; gethook reports the hook, mask and count
local n = 0
local function h(event) n = n + 1; assert(event == "count") end
debug.sethook(h, "", 100)
for i = 1, 1000 do local _ = i * 2 end
debug.sethook()
print(n >= 20, n < 30)
local function other() end
debug.sethook(other, "crl", 7)
local f, mask, count = debug.gethook()
debug.sethook()
print(f == other, mask, count)
print(debug.gethook())
debug.sethook(other, "l")
local f2, m2, c2 = debug.gethook()
debug.sethook()
print(f2 == other, m2, c2)
debug.sethook(other, "", 0)
print(debug.gethook())
debug.sethook(other, "x", 3)
print(select(2, debug.gethook()), select(3, debug.gethook()))
debug.sethook()
