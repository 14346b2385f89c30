-- text without conversions passes through; %% writes a percent sign
local f = string.format
print(f("plain text"), f(""), f("100%%"), f("%%d"), f("a\0b") == "a\0b")
print(f("%d%%", 50), f("%s=%d%%%s", "x", 1, "!"))
print(pcall(f, "%5%"))
print(pcall(f, "%-%", 1))
