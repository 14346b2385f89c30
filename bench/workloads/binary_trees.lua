-- binary_trees: the benchmarks game's binary-trees: builds and walks many complete
-- binary trees of small tables while one long-lived tree stays alive. Measures
-- allocation throughput and the garbage collector.
local max_depth = ({ tiny = 6, small = 10, full = 14 })[... or "full"]
local min_depth = 4

local function bottom_up_tree(depth)
  if depth == 0 then return {} end
  depth = depth - 1
  return { bottom_up_tree(depth), bottom_up_tree(depth) }
end

local function item_check(tree)
  if tree[1] then return 1 + item_check(tree[1]) + item_check(tree[2]) end
  return 1
end

local stretch_depth = max_depth + 1
print(string.format("stretch tree of depth %d\t check: %d", stretch_depth, item_check(bottom_up_tree(stretch_depth))))

local long_lived_tree = bottom_up_tree(max_depth)
for depth = min_depth, max_depth, 2 do
  local iterations = 2 ^ (max_depth - depth + min_depth)
  local check = 0
  for _ = 1, iterations do check = check + item_check(bottom_up_tree(depth)) end
  print(string.format("%d\t trees of depth %d\t check: %d", iterations, depth, check))
end
print(string.format("long lived tree of depth %d\t check: %d", max_depth, item_check(long_lived_tree)))
