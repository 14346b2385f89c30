-- the math table holds exactly the 5.4 functions and constants (no 5.3 compatibility names)
local keys = {}
for k, v in pairs(math) do keys[#keys + 1] = k .. ":" .. type(v) end
table.sort(keys)
for _, k in ipairs(keys) do print(k) end
print(math.pow, math.ldexp, math.cosh, math.log10)
