-- heapsort: heapsort of 100,000 floats from a linear congruential generator, checked sorted.
local function heapsort(a, n)
  local function sift(lo, hi)
    local root = lo
    while true do
      local child = 2 * root
      if child > hi then return end
      if child + 1 <= hi and a[child] < a[child + 1] then child = child + 1 end
      if a[root] < a[child] then a[root], a[child] = a[child], a[root]; root = child else return end
    end
  end
  for i = n // 2, 1, -1 do sift(i, n) end
  for i = n, 2, -1 do a[1], a[i] = a[i], a[1]; sift(1, i - 1) end
end
local seed = 42
local function rnd() seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 end
local total = 0
for r = 1, 6 do
  local a = {}
  for i = 1, 100000 do a[i] = rnd() end
  heapsort(a, #a)
  for i = 2, #a do assert(a[i-1] <= a[i]) end
  total = total + a[50000]
end
print(string.format("%.6f", total))
