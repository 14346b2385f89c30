-- Reading the variable of a `local function` from its own body: GETSELF where
-- nothing assigns the variable (the disassembly here is the portable form, GETUPVAL).
local function countdown(n)
  if n == 0 then return countdown end
  return countdown(n - 1)
end

local function varargs(n, ...)
  if n == 0 then return select("#", ...) end
  return varargs(n - 1, ...)
end

local function reassigned(n)
  if n == 0 then return 0 end
  return reassigned(n - 1)
end
reassigned = nil

local function redefined() return redefined end
function redefined() return 1 end

local function set_inside() set_inside = false end

local function set_later() return set_later end
local function setter() set_later = 1 end

local function outer()
  local function inner() return outer, inner end
  return inner
end

return countdown, varargs, set_inside, setter, outer
