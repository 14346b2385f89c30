-- gsubfn: string.gsub with a function replacement and with a table replacement over a long text.
local s = string.rep("hello world foo bar baz ", 2000)
local total = 0
for r = 1, 10 do
  local out = s:gsub("%w+", function(w) return w:upper() end)
  local out2 = s:gsub("o", {o = "0"})
  total = total + #out + #out2
end
print(total)
