-- One-byte strings are kept by byte after their first use; they must stay valid,
-- equal to every other way of making them, across any number of collections.

local made = {}
for b = 0, 255 do made[b] = string.char(b) end
collectgarbage()
collectgarbage()
local bad = 0
for b = 0, 255 do
  local again = ("x" .. string.char(b)):sub(2)
  if again ~= made[b] or #again ~= 1 or again:byte() ~= b then bad = bad + 1 end
end
print("mismatches", bad)

-- nothing refers to them any more; blocks of their size are freed and reused
made = nil
collectgarbage()
collectgarbage()
local others = {}
for i = 1, 3000 do others[i] = tostring(i) .. "" end
bad = 0
for b = 0, 255 do
  local s = string.char(b)
  if #s ~= 1 or s:byte() ~= b then bad = bad + 1 end
end
print("mismatches after reuse", bad)

-- made, dropped, collected and made again, many times
local text = "the quick brown fox"
local counts = {}
for round = 1, 200 do
  for i = 1, #text do
    local c = text:sub(i, i)
    counts[c] = (counts[c] or 0) + 1
  end
  if round % 50 == 0 then collectgarbage() end
end
local keys = {}
for k in pairs(counts) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do io.write(string.format("%q", k), "=", counts[k], " ") end
print()

-- as table keys and in string operations after a full collection
local t = {}
for b = 65, 70 do t[string.char(b)] = b end
collectgarbage()
print(t.A, t.B, t.F, t[("ABCDEF"):sub(3, 3)], ("a"):rep(3), ("z"):upper(), #("\0"))
