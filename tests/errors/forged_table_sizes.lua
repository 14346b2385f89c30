-- forged NEWTABLE operands asking for huge tables end in "table overflow" or "not enough memory", never a crash
local d = string.dump(function() return {} end)
local i = d:find("\x13\0\0\0\x52\0\0\0", 1, true)
assert(i)
local function try(patch, label)
  local f = load(d:sub(1, i - 1) .. patch .. d:sub(i + 8), "forged", "b")
  print(label, pcall(f))
end
try("\x13\0\x20\0\x52\0\0\0", "hash 2^31")
try("\x13\0\x1f\0\x52\0\0\0", "hash 2^30")
try("\x13\x80\0\xff\x52\xff\xff\xff", "array huge")
