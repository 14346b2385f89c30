-- patterns: Lua pattern matching over a generated log text: gmatch with captures,
-- gsub with string, table and function replacements, find with and without patterns.
-- Measures the pattern matcher and the strings it creates.
local rounds = ({ tiny = 1, small = 20, full = 500 })[... or "full"]

local levels = { "INFO", "WARN", "ERROR", "DEBUG" }
local lines = {}
for i = 1, 300 do
  lines[i] = string.format("2024-01-%02d 12:%02d:%02d [%s] user%d requested /api/v%d/items/%d in %dms",
    i % 28 + 1, i % 60, (i * 7) % 60, levels[i % 4 + 1], i % 37, i % 3 + 1, i * 13 % 1000, i * 17 % 500)
end
local log = table.concat(lines, "\n")
local level_names = { INFO = "info", WARN = "warning", ERROR = "error", DEBUG = "debug" }

local checksum = 0
for _ = 1, rounds do
  local slow = 0
  for level, user, millis in log:gmatch("%[(%u+)%] user(%d+) requested [^\n]- in (%d+)ms") do
    if tonumber(millis) > 250 then slow = slow + #level + tonumber(user) end
  end

  local renamed, level_count = log:gsub("%[(%u+)%]", level_names)
  local masked, user_count = renamed:gsub("user%d+", "user#")
  local doubled = masked:gsub("(%d+)ms", function(millis) return tostring(tonumber(millis) * 2) .. "ms" end)

  local errors, position = 0, 1
  while true do
    local start, finish = doubled:find("error", position, true)
    if not start then break end
    errors = errors + 1
    position = finish + 1
  end

  local first_date = log:match("^(%d+%-%d+%-%d+)")
  local words = 0
  for _ in doubled:gmatch("%a+") do words = words + 1 end

  checksum = (checksum + slow + level_count + user_count + #doubled + errors + #first_date + words) % 1000000007
end
print(string.format("patterns checksum = %d", checksum))
