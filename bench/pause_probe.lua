-- pause_probe: not a timed workload. Builds 10 million live tables, then measures the
-- longest gap between batches of 1,000 allocations (the collector's pause); see
-- docs/PERFORMANCE.md. Run: target/release/selenite bench/pause_probe.lua
local live = {}
for i = 1, 1e7 do live[i] = {i} end
local t0 = os.clock()
collectgarbage()
local full = os.clock() - t0
-- the longest pause seen by a loop that keeps allocating on top of the live heap
local worst, last = 0, os.clock()
for i = 1, 2e7 do
  local x = {i}
  if i % 1000 == 0 then
    local now = os.clock()
    if now - last > worst then worst = now - last end
    last = now
  end
end
print(string.format("full collection with 1e7 live tables: %.3f s; longest gap per 1000 allocations: %.3f s; heap %.0f MB", full, worst, collectgarbage("count") / 1024))
