-- a closure can capture at most 255 upvalues
local function declare(prefix, n)
  local names = {}
  for i = 1, n do names[i] = prefix .. i end
  return "local " .. table.concat(names, ", ") .. " = 0", names
end
local outer, a = declare("a", 150)
local inner, b = declare("b", 150)
local function uses(count)
  local all = {}
  for i = 1, 150 do all[#all + 1] = a[i] end
  for i = 1, 150 do all[#all + 1] = b[i] end
  return table.concat(all, " + ", 1, count)
end
local function code(count)
  return outer .. " return function() " .. inner .. " return function() return " .. uses(count) .. " end end"
end
print(select(2, load(code(256))))
print(load(code(255)) ~= nil)
