-- tonumber returns numbers unchanged and fail for other types
print(tonumber(5), tonumber(5.5), tonumber({}), tonumber(nil), tonumber(true))
print(pcall(tonumber))
