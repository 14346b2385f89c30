-- math.floor and math.ceil: integers when the result fits, floats otherwise (inf, nan, huge)
for _, x in ipairs({3.7, -3.7, 3.0, -3.0, 0.5, -0.5, -0.0, 2^53 + 0.0, 1e100, -1e100, math.huge, -math.huge}) do
  local f, c = math.floor(x), math.ceil(x)
  print(x, f, math.type(f), c, math.type(c))
end
local nf, nc = math.floor(0/0), math.ceil(0/0)
print(nf ~= nf, math.type(nf), nc ~= nc, math.type(nc))
print(math.floor(2^63), math.type(math.floor(2^63)), math.floor(-2^63), math.type(math.floor(-2^63)))
print(math.ceil(-2^63 - 1025), math.type(math.ceil(2^63 - 1024)))
print(math.floor(5), math.ceil(-5), math.floor(math.mininteger), math.ceil(math.maxinteger))
print(math.floor("3.5"), math.ceil("3.5"), math.floor("10"))
print(pcall(math.floor))
print(pcall(math.ceil, "a"))
print(pcall(math.floor, {}))
