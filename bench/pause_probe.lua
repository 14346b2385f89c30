-- pause_probe: not a timed workload. Builds 10 million live tables, then measures the
-- longest gap between batches of 1,000 allocations and between batches of 10 (the
-- latter sees a single incremental collector step; the former adds up the steps a
-- batch pays for); see docs/PERFORMANCE.md. Run: target/release/selenite bench/pause_probe.lua
local live = {}
for i = 1, 1e7 do live[i] = {i} end
local t0 = os.clock()
collectgarbage()
local full = os.clock() - t0
-- the longest pauses seen by a loop that keeps allocating on top of the live heap
local clock = os.clock
local worst, last = 0, clock()
local worst10, last10 = 0, last
for i = 1, 2e7 do
  local x = {i}
  if i % 10 == 0 then
    local now = clock()
    if now - last10 > worst10 then worst10 = now - last10 end
    last10 = now
    if i % 1000 == 0 then
      if now - last > worst then worst = now - last end
      last = now
    end
  end
end
print(string.format("full collection with 1e7 live tables: %.3f s; longest gap per 1000 allocations: %.3f s; per 10 allocations: %.4f s; heap %.0f MB", full, worst, worst10, collectgarbage("count") / 1024))
