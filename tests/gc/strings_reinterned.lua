-- Dead interned strings leave the string table only when the sweep frees them. A
-- string made again while its dead copy still waits for the sweep must be that copy,
-- brought back to life: not freed under the program's feet, not duplicated.
collectgarbage("incremental", 100, 100, 10)

local function make(i) return "str" .. i .. "_x" end

-- The strings are the oldest objects, so the sweep (newest first) reaches them last.
local old = {}
for i = 1, 500 do old[i] = make(i) end
local live = {}
for i = 1, 50000 do live[i] = { i } end
collectgarbage()
collectgarbage("stop")

old = nil
-- garbage newer than everything else: the first thing the next sweep frees
for i = 1, 2000 do local garbage = { i } end
local before = collectgarbage("count")
local steps = 0
repeat
  collectgarbage("step", 0)
  steps = steps + 1
until collectgarbage("count") < before - 20 or steps > 1000
print("sweep under way", steps <= 1000)

-- the dead copies are still in the string table and not yet swept
local again = {}
for i = 1, 500 do again[i] = make(i) end

collectgarbage("restart")
collectgarbage()
-- reuse every freed block of the strings' size
local junk = {}
for j = 1, 20000 do junk[j] = "junk" .. j .. "_" end
junk = nil

local intact, same = 0, 0
for i = 1, 500 do
  if again[i]:match("^str(%d+)_x$") == tostring(i) then intact = intact + 1 end
  if again[i] == make(i) then same = same + 1 end
end
print("intact", intact, "one copy", same)

-- equal short strings are one table key
local keys = {}
for i = 1, 500 do keys[again[i]] = true; keys[make(i)] = true end
local count = 0
for _ in pairs(keys) do count = count + 1 end
print("distinct keys", count)
