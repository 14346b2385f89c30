-- closure_storm: creates many short-lived closures capturing loop variables and a
-- shared accumulator, then calls each once. Measures closure creation, upvalue capture
-- and closing, and calls through function values.
local batches = ({ tiny = 10, small = 2000, full = 80000 })[... or "full"]
local batch_size = 50

local total = 0
for batch = 1, batches do
  local pending = {}
  for i = 1, batch_size do
    local scale = batch % 13 + i
    pending[i] = function(x)
      total = (total + x * scale) % 1000000007
      return scale
    end
  end
  for i = 1, batch_size do
    local f = pending[i]
    f(i)
  end
end
print(string.format("closure_storm total = %d", total))
