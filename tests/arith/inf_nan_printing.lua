-- infinities print as inf/-inf; nan values print as nan or -nan as the C library does
local inf = math.huge
print(inf, -inf, inf + 1, inf - inf ~= inf - inf, -(inf - inf) ~= -(inf - inf))
local nan = 0 / 0
print(nan ~= nan, nan == nan, nan < 1, nan > 1, nan <= nan)
print(string.format("%.1f %5.2f", inf, -inf), math.floor(2.5) + inf)
