-- assignments to undeclared names create globals in _ENV
newglobal = 5
print(newglobal, _G.newglobal, _ENV.newglobal)
_G.other = "x"
print(other)
newglobal = nil
print(rawget(_G, "newglobal"))
