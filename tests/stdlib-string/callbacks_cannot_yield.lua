-- gsub callbacks, table lookups and __tostring in format run inside C: they cannot yield
local function run(f) print(pcall(coroutine.wrap(f))) end
run(function() return string.gsub("abc", "%w", function(c) coroutine.yield(c) return c end) end)
run(function()
  local t = setmetatable({}, { __index = function(_, k) coroutine.yield(k) return "I" end })
  return string.gsub("abc", "%w", t)
end)
run(function()
  local o = setmetatable({}, { __tostring = function() coroutine.yield("y") return "T" end })
  return string.format("%s", o)
end)
run(function()
  local out = {}
  for w in ("a b"):gmatch("%a") do coroutine.yield(w) out[#out + 1] = w end
  return table.concat(out)
end)
