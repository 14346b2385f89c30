-- io.open accepts the modes [rwa]+?b* and refuses anything else with 'invalid mode'
local name = os.tmpname()
for _, mode in ipairs({"r", "w", "a", "r+", "w+", "a+", "rb", "wb", "ab", "r+b", "w+b", "a+b", "rbb", "r\0junk"}) do
  local f, err = io.open(name, mode)
  print(string.format("%q", mode), io.type(f), err)
  if f then f:close() end
end
for _, mode in ipairs({"", "x", "rw", "rb+", "+r", "r+ ", "rt", "b", "++", "w+x", "R"}) do
  print(string.format("%q", mode), pcall(io.open, name, mode))
end
print(pcall(io.open, name, {}))
print(pcall(io.open))
print(pcall(io.open, {}))
os.remove(name)
