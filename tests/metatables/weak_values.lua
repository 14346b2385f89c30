-- entries of a weak-valued table disappear once their values are collected
local cache = setmetatable({}, {__mode = "v"})
cache[1] = {}
local strong = {}
cache[2] = strong
collectgarbage()
print(cache[1], cache[2] == strong)
