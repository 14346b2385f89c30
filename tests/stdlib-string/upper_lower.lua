-- upper and lower change ASCII letters only and keep every other byte
print(string.upper("Hello, World! 123"), string.lower("Hello, World! 123"))
local s = "a\0b\200\255z"
print(s:upper() == "A\0B\200\255Z", s:lower() == s, #s:upper())
print(("\u{e9}"):upper() == "\u{e9}", (""):upper() == "", string.lower(10), string.upper(1e100))
print(pcall(string.upper))
print(pcall(string.lower, {}))
