-- string.format limits flags, width and precision per conversion
local f = string.format
local function try(fmt, v) print(fmt, pcall(f, fmt, v)) end
try("%100d", 1)
try("%.100f", 1)
try("%1000d", 1)
try("%#d", 1)
try("%+s", "x")
try("%0s", "x")
try("% x", 1)
try("%+x", 1)
try("%#c", 65)
try("%-+ #0d", 1)
try("%--5d", 1)
try("%+-5d|", 1)
try("%.5", 1)
try("%10.q", 1)
try("%ld", 1)
