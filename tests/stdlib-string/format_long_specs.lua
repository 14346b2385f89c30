-- string.format refuses over-long specifications and accepts the longest valid ones
local f = string.format
print(pcall(f, "%" .. ("1"):rep(50) .. "d", 1))
print(pcall(f, "%" .. ("-"):rep(50) .. "d", 1))
print(pcall(f, "%" .. ("-"):rep(20) .. "d", 1))
print(pcall(f, "%0-----5d|", 1))
print(f("%.d|%.f|%.s|%.x|", 0, 1.5, "abc", 0))
print(pcall(f, "%5.", 1))
print(pcall(f, "%5.-3d", 1))
print(f("%099d", 1):len(), f("%-099d|", 1):len())
print(pcall(f, "%.099d", 1))
print(pcall(f, "%*d", 5, 1))
print(pcall(f, "%\0d", 1))
print(f("%d\0%d", 1, 2) == "1\0002")
