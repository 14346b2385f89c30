-- _G holds the globals and refers to itself; _VERSION names the language version
print(_G._G == _G, _G.print == print, _VERSION, type(_ENV), _ENV == _G)
x_global = 1
print(_G.x_global, rawget(_G, "x_global"))
