-- line hooks report each new line executed, with the line number as second argument
local lines = {}
local function body(n)
  local s = 0
  for i = 1, n do
    s = s + i
  end
  return s
end
debug.sethook(function(event, line)
  lines[#lines + 1] = event:sub(1, 1) .. line
end, "l")
body(2)
debug.sethook()
print(table.concat(lines, " "))
