-- Tail calls of native functions: the callee runs above the calling frame and the
-- RETURN after it hands back every result, whatever the caller asked for.

local function sub(s, i, j) return string.sub(s, i, j) end
local function bytes(s) return string.byte(s, 1, -1) end
local function unpack3(t) return table.unpack(t, 1, 3) end
local function count(...) return select("#", ...) end
local function nothing() return print() end

print(sub("hello", 2, 4), sub("hello", 5, 5), sub("hello", 9, 9))
print(bytes("abc"))
local a, b = bytes("xyz")
print(a, b)
local p, q, r, s = bytes("mn")
print(p, q, r, s)
print((bytes("pq")))
print(unpack3({1, nil, 3}))
print(count(), count(nil), count(1, 2, 3))
print(select("#", nothing()))
local t = {bytes("hello")}
print(#t, t[1], t[5])

-- in a loop, so that the fast path runs many times in one activation
local total = 0
for i = 1, 1000 do total = total + #sub("abcdefghij", 1, i % 10) end
print(total)

-- errors in a tail-called native name it as the reference does
local function bad(x) return string.rep(x) end
print(pcall(bad, "a"))
local function bad2() return math.floor("x") end
print(pcall(bad2))
local function bad3(t) return setmetatable(t, 1) end
print(pcall(bad3, {}))

-- a native tail call inside a coroutine, and one that yields
local co = coroutine.wrap(function(x)
  local function y(v) return coroutine.yield(v) end
  local got = y(x + 1)
  return sub("coroutine", 1, got)
end)
print(co(1), co(4))

-- frames with upvalues to close and vararg frames take the general path
local function closing(s)
  local captured = s
  local f = function() return captured end
  return string.upper(f())
end
print(closing("up"))
local function varargs(...) return string.format("%d-%d", ...) end
print(varargs(3, 4))
