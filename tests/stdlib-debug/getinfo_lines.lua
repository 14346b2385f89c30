-- getinfo 'l' gives currentline (-1 for C and non-active functions) and 'L' the activelines set
local function lines(f)
  local t = {}
  for l in pairs(debug.getinfo(f, "L").activelines) do t[#t + 1] = l end
  table.sort(t)
  return table.concat(t, " ")
end
local function sample(a)
  local b = a + 1

  if b > 2 then
    return b
  end
  return 0
end
print(lines(sample))
print(lines(function() end))
print(lines(load("local a = 1\nlocal b = 2\nreturn a + b")))
print(lines(load("local function v(...)\n  return ...\nend\nreturn v")()))
print(debug.getinfo(print, "L").activelines)
print(debug.getinfo(1, "l").currentline)
print(debug.getinfo(sample, "l").currentline, debug.getinfo(print, "l").currentline)
local function where() return debug.getinfo(2, "l").currentline end
print(where())
