-- upvalue_counter: counters kept in upvalues of closures, bumped many times.
-- Measures reading and writing upvalues and calling closures with no arguments.
local n = ({ tiny = 1000, small = 200000, full = 5000000 })[... or "full"]

local function make_counter(step)
  local count = 0
  return function()
    count = count + step
    return count
  end
end

local function make_pair()
  local low, high = 0, 0
  local function bump()
    low = low + 1
    if low == 1000 then
      low, high = 0, high + 1
    end
  end
  local function read() return high * 1000 + low end
  return bump, read
end

local by_one, by_three = make_counter(1), make_counter(3)
local bump, read = make_pair()
for _ = 1, n do
  by_one()
  by_three()
  bump()
end
print(string.format("counters: %d %d %d", by_one(), by_three(), read()))
