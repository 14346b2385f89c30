-- Float keys in the hash part: special values, subnormals, huge and negative floats,
-- and a large table of keys that differ only in their high bits, all found again.
local keys = {
  0.5, -0.5, 1e300, -1e300, 5e-324, -5e-324, 2.2250738585072014e-308, 1 / 0, -1 / 0,
  3.14159, 2 ^ 53 + 0.0, -2 ^ 63 + 0.0, 2 ^ 63 + 0.0, 1e-10, 123456.789,
}
local t = {}
for i, k in ipairs(keys) do t[k] = i end
for i, k in ipairs(keys) do assert(t[k] == i, tostring(k)) end
local count = 0
for _ in pairs(t) do count = count + 1 end
print("special keys", count)

-- Integral floats are normalised to integers; NaN is refused.
t[2.0] = "two"
print(t[2], math.type(next({[3.0] = true})))
print(pcall(function() t[0 / 0] = 1 end))

local big = {}
for i = 1, 200000 do big[i + 0.5] = i end
local found = 0
for i = 1, 200000 do
  if big[i + 0.5] == i then found = found + 1 end
end
print("half keys found", found, big[0.5], big[200000.5], big[200001.5])
for i = 1, 200000, 2 do big[i + 0.5] = nil end
local left = 0
for _ in pairs(big) do left = left + 1 end
print("after removing half", left)
