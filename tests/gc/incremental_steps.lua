-- Incremental collection: steps, write barriers during a cycle, weak tables and
-- finalizers across steps, and a full collection in the middle of a cycle.
collectgarbage("incremental")
collectgarbage()

-- A step answers true only when it finishes a cycle; some step does.
local steps = 0
repeat steps = steps + 1 until collectgarbage("step", 0)
print("cycle finished", steps >= 1)

-- Stores into objects traversed early in a cycle keep what they store alive.
local old = {}
for i = 1, 200 do old[i] = {i} end
local keep = {}
local up = {}
local function setup(v) up = v end
local co = coroutine.wrap(function ()
  local held = {}
  while true do
    held[#held + 1] = {#held + 1}
    local n = coroutine.yield(#held)
    if n == 0 then
      local s = 0
      for _, t in ipairs(held) do s = s + t[1] end
      coroutine.yield(s)
    end
  end
end)
collectgarbage("step", 0)
for round = 1, 50 do
  for i = 1, 200 do old[i] = {i * round} end        -- array part
  keep["k" .. round] = {round}                     -- hash part
  setup({round})                                   -- upvalue
  co(1)                                            -- coroutine stack
  for _ = 1, 100 do local garbage = {{}, {}} end
  collectgarbage("step", 1)
end
repeat until collectgarbage("step", 0)
collectgarbage()
local sum = 0
for i = 1, 200 do sum = sum + old[i][1] end
local hsum = 0
for round = 1, 50 do hsum = hsum + keep["k" .. round][1] end
print("array", sum, "hash", hsum, "upvalue", up[1], "coroutine", co(0))

-- Weak tables and finalizers across steps.
local weak = setmetatable({}, {__mode = "k"})
local strong = {}
for i = 1, 20 do
  local k = {}
  weak[k] = i
  if i % 2 == 0 then strong[#strong + 1] = k end
end
local finalized = 0
for _ = 1, 10 do setmetatable({}, {__gc = function () finalized = finalized + 1 end}) end
repeat until collectgarbage("step", 0)
repeat until collectgarbage("step", 0)
local left = 0
for _ in pairs(weak) do left = left + 1 end
print("weak keys left", left, "finalized", finalized)

-- A full collection in the middle of a cycle finishes it.
local gone = setmetatable({}, {__mode = "v"})
gone[1] = {}
local ran = false
setmetatable({}, {__gc = function () ran = true end})
collectgarbage("step", 0)
collectgarbage()
print("mid-cycle collect", gone[1], ran)
print("still running", collectgarbage("isrunning"))
