-- %q writes floats so that they read back exactly: hex, 1e9999 or (0/0)
local f = string.format
print(f("%q %q %q %q", 1.0, 0.5, -2.5, 0.1))
print(f("%q %q %q", math.huge, -math.huge, 0 / 0))
print(f("%q %q", 0.0, -0.0))
print(f("%q %q %q", 2^63, 1e100, 2^-1074))
for _, x in ipairs({ 1.0, 0.1, -0.0, 1e308, 2^-1074, math.huge, -math.huge, 3.0 }) do
  local y = load("return " .. f("%q", x))()
  io.write(tostring(y == x and math.type(y) == "float" and 1 / y == 1 / x), " ")
end
print()
local n = load("return " .. f("%q", 0 / 0))()
print(n ~= n)
