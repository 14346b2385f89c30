-- patterns work on arbitrary bytes, including zeros and bytes above 127
local s = "a\0b\0\255c"
print(#s:match("%z+"), s:find("\0"), s:find("%z"), s:find("[\0]", 3))
print(s:gsub("\0", "0"))
print(s:match("\255(.)"), ("\200\201"):match("[\200-\210]+") == "\200\201")
print(("x\0y"):match(".%z."), ("x\0y"):match("[^%z]+$"))
print(("\0"):rep(3):find("\0\0", 2, true))
