-- string.dump writes the reference's binary format byte for byte, with and without debug information
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
local f = load("local a, b = ... return a + b * 2, 'k', 1.5", "=chunk")
print(hex(string.dump(f, true)))
print(hex(string.dump(f)))
print(#string.dump(load("return function() end", "@file.lua")))
