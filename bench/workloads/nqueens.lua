-- nqueens: counts the placements of n queens on an n x n board by backtracking.
-- Measures array reads and writes of booleans, loops and recursion.
local sizes = ({ tiny = { 6 }, small = { 8, 9 }, full = { 8, 9, 10, 11, 12 } })[... or "full"]

local function count_solutions(n)
  local column_used, rising_used, falling_used = {}, {}, {}
  local function place(row)
    if row > n then return 1 end
    local found = 0
    for column = 1, n do
      local rising, falling = row + column, row - column + n
      if not column_used[column] and not rising_used[rising] and not falling_used[falling] then
        column_used[column], rising_used[rising], falling_used[falling] = true, true, true
        found = found + place(row + 1)
        column_used[column], rising_used[rising], falling_used[falling] = false, false, false
      end
    end
    return found
  end
  return place(1)
end

for _, n in ipairs(sizes) do
  print(string.format("%d queens: %d solutions", n, count_solutions(n)))
end
