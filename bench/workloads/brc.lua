-- brc: a one-billion-row-challenge style job. Generates `station;temperature` lines
-- deterministically, joins them into one text, then parses it back with string
-- functions and aggregates min/mean/max per station. Measures string.format,
-- table.concat, gmatch with captures, tonumber and hash-table updates.
local rows = ({ tiny = 500, small = 20000, full = 400000 })[... or "full"]

local stations = {
  "Abha", "Accra", "Addis Ababa", "Adelaide", "Aden", "Ahvaz", "Albuquerque", "Alexandria",
  "Algiers", "Alice Springs", "Almaty", "Amsterdam", "Anadyr", "Anchorage", "Andorra la Vella",
  "Ankara", "Antananarivo", "Antsiranana", "Arkhangelsk", "Ashgabat", "Asmara", "Assab",
  "Astana", "Athens", "Atlanta", "Auckland", "Austin", "Baghdad", "Baguio", "Baku",
  "Baltimore", "Bamako", "Bangkok", "Bangui", "Banjul", "Barcelona", "Bata", "Batumi",
  "Beijing", "Beirut", "Belgrade", "Belize City", "Benghazi", "Bergen", "Berlin",
}

-- Park-Miller minimal standard generator: exact in both integers and doubles.
local seed = 42
local function next_random()
  seed = seed * 16807 % 2147483647
  return seed
end

local lines = {}
for i = 1, rows do
  local station = stations[next_random() % #stations + 1]
  local tenths = next_random() % 1999 - 999
  lines[i] = string.format("%s;%.1f", station, tenths / 10)
end
local text = table.concat(lines, "\n") .. "\n"

local aggregates = {}
for station, reading in text:gmatch("([^;\n]+);([^\n]+)\n") do
  local temperature = tonumber(reading)
  local entry = aggregates[station]
  if entry == nil then
    aggregates[station] = { min = temperature, max = temperature, sum = temperature, count = 1 }
  else
    if temperature < entry.min then entry.min = temperature end
    if temperature > entry.max then entry.max = temperature end
    entry.sum = entry.sum + temperature
    entry.count = entry.count + 1
  end
end

local names = {}
for station in pairs(aggregates) do names[#names + 1] = station end
table.sort(names)
local report = {}
for i, station in ipairs(names) do
  local entry = aggregates[station]
  report[i] = string.format("%s=%.1f/%.1f/%.1f", station, entry.min, entry.sum / entry.count, entry.max)
end
print("{" .. table.concat(report, ", ") .. "}")
