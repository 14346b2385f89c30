-- os.date("*t") and os.date("!*t") give the broken-down time as a table
local function show(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  for i, k in ipairs(keys) do keys[i] = k .. "=" .. tostring(t[k]) end
  print(table.concat(keys, " "))
end
show(os.date("!*t", 0))
show(os.date("!*t", 1234567890))
show(os.date("!*t", 951825600))
show(os.date("!*t", -86400 * 366))
local now = os.date("*t")
print(type(now.year), type(now.isdst), now.month >= 1 and now.month <= 12)
local t = os.date("*t", 1000000000)
print(os.time(t) == 1000000000)
print(os.date("!*t\0ignored", 0).year, os.date("!*tx", 0))
