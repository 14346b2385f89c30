-- exprparse: a recursive-descent parser for arithmetic expressions that reads its input a character at a time with s:sub(pos, pos).
local function parse(s)
  local pos = 1
  local expr
  local function peek() return s:sub(pos, pos) end
  local function number()
    local start = pos
    while peek():match("%d") do pos = pos + 1 end
    return tonumber(s:sub(start, pos - 1))
  end
  local function atom()
    if peek() == "(" then pos = pos + 1; local v = expr(); pos = pos + 1; return v end
    return number()
  end
  local function term()
    local v = atom()
    while peek() == "*" or peek() == "/" do
      local op = peek(); pos = pos + 1
      local r = atom()
      if op == "*" then v = v * r else v = v // math.max(r, 1) end
    end
    return v
  end
  function expr()
    local v = term()
    while peek() == "+" or peek() == "-" do
      local op = peek(); pos = pos + 1
      local r = term()
      if op == "+" then v = v + r else v = v - r end
    end
    return v
  end
  return expr()
end
local total = 0
for i = 1, 20000 do
  local e = string.format("(%d+%d)*%d-(%d/(%d+1))+%d*(%d-%d)", i, i % 7, i % 13, i * 3, i % 5, i % 11, i, i % 17)
  total = total + parse(e)
end
print(total)
