-- ipairs reads through __index metamethods
local proxy = setmetatable({}, {__index = function(_, i) if i <= 3 then return i * 10 end end})
for i, v in ipairs(proxy) do io.write(i, ":", v, " ") end
print()
print(pcall(ipairs))
