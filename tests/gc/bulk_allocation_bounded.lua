-- Steps the program's allocation triggers do a bounded amount of work and leave the
-- rest of a large debt for later steps; a program that allocates in bulk between
-- safepoints must still have its garbage collected at the rate it makes it (peaks
-- measured: the reference 65 and 59 MB, with the debt always deferred 95 and 77 MB).
-- Small steps, so that one step's bound is less than what the program allocates
-- between two safepoints (stress mode, SELENITE_GC_STRESS, paces differently):
collectgarbage("incremental", 200, 100, 10)
-- live data, so that a cycle takes many steps
local live = {}
for i = 1, 300000 do live[i] = { i } end

local function peak_of(make)
  collectgarbage()
  local peak = 0
  for i = 1, 60 do
    local x = make(i)
    local kb = collectgarbage("count")
    if kb > peak then peak = kb end
  end
  return peak
end

-- 4 MB strings, each garbage once the next is made
local strings = peak_of(function(i) return string.rep("x", 4 * 1024 * 1024 - i) end)
print("big strings: peak under 85 MB", strings < 85 * 1024)

-- 100,000-slot arrays filled without any safepoint in the loop
local arrays = peak_of(function(i)
  local t = {}
  for j = 1, 100000 do t[j] = j + i end
  return t
end)
print("big arrays: peak under 70 MB", arrays < 70 * 1024)

-- a huge table built without safepoints, then many small allocations: the debt is
-- paid along the way, and the garbage of the small ones does not pile up
local big = {}
for i = 1, 400000 do big[i + 0.5] = i end
local before = collectgarbage("count")
local most = before
for i = 1, 300000 do
  local t = { i }
  if i % 1000 == 0 then
    local kb = collectgarbage("count")
    if kb > most then most = kb end
  end
end
print("after a huge build: growth under 40 MB", most - before < 40 * 1024)
print(big[1000.5], #live)
