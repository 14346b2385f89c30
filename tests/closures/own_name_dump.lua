-- `string.dump` writes a function's own-name reads as plain upvalue reads: loaded
-- back, its upvalue is a fresh nil, so calling itself fails as in the reference.
local function countdown(n)
  if n == 0 then return "bottom" end
  return countdown(n - 1)
end
local copy = load(string.dump(countdown))
print(copy(0))
print(pcall(copy, 2))
local stripped = load(string.dump(countdown, true))
print(pcall(stripped, 2))
debug.setupvalue(copy, 1, copy)
print(copy(5))
