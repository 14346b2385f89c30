-- os.date with "!" formats UTC times with every C99 conversion strftime knows
local t = 1234567890
for _, spec in ipairs({"a", "A", "b", "B", "c", "C", "d", "D", "e", "F", "g", "G", "h", "H", "I", "j",
                       "m", "M", "n", "p", "r", "R", "S", "t", "T", "u", "U", "V", "w", "W", "x", "X",
                       "y", "Y", "z", "Z", "%", "Ec", "EC", "Ex", "EX", "Ey", "EY", "Od", "Oe", "OH",
                       "OI", "Om", "OM", "OS", "Ou", "OU", "OV", "Ow", "OW", "Oy"}) do
  print(spec, string.format("%q", os.date("!%" .. spec, t)))
end
print(os.date("!%Y-%m-%d %H:%M:%S", 0))
print(os.date("!%Y-%m-%d %H:%M:%S", -1))
print(os.date("!%Y-%m-%d %H:%M:%S %j %U %W %V %G", 951782400))
print(os.date("!%c|%x|%X|%p", 43200))
print(os.date("!plain text without conversions"))
print(os.date("!", 0) == "", os.date("", 0) == "")
print(os.date("!%Y\0%m", 0) == "1970\0" .. "01")
print(os.date("!%Y", 253402300799), os.date("!%Y", 253402300800), os.date("!%Y", -62167219200))
print(os.date("!%d/%m/%Y", 2^31), os.date("!%d/%m/%Y", -2^31))
