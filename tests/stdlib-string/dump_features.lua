-- string.dump of a function using most of the language matches the reference (length and checksum)
local src = [==[
local t = {1, 2, 3, x = "y", [10] = 2.5}
local function f(a, b, ...)
  local s <const> = "const"
  local c <close> = nil
  for i = 1, 10 do t[i] = i * 2 end
  for k, v in pairs(t) do b = v end
  goto skip
  ::skip::
  while a > 0 do a = a - 1 if a == 5 then break end end
  repeat a = a + 1 until a > 3
  local g = function() return s, t, a end
  return g, ..., a // 2, a % 3, a ^ 2, a & 1, a | 2, ~a, a << 1, a >> 1, -a, not a, #t, a .. "x"
end
return f(5, 6, 7, 8), 2^53, math.mininteger, 0x7fffffffffffffff, 1e300, "long ]] " .. ("x"):rep(300)
]==]
local function checksum(s)
  local h = 0
  for i = 1, #s do h = (h * 31 + s:byte(i)) % 4294967296 end
  return #s .. ":" .. h
end
local chunk = load(src, "=src")
print(checksum(string.dump(chunk)), checksum(string.dump(chunk, true)))
local many = {}
for i = 1, 180 do many[#many + 1] = "local v" .. i .. " = " .. i .. ".5" end
print(checksum(string.dump(load(table.concat(many, "\n"), "@many.lua"))))
local reloaded = load(string.dump(chunk))
print(checksum(string.dump(reloaded)) == checksum(string.dump(chunk)))
