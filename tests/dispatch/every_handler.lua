-- Runs every opcode handler, fast and slow paths, many times in one activation.
-- Also the dispatch guard: run on a small native stack (crates/selenite-cli/tests/
-- dispatch_guard.rs), it overflows if any handler calls the next one instead of
-- jumping to it.
local N = tonumber(arg and arg[1]) or 100000

local mt = {
  __index = function(t, k) return k end,
  __newindex = function(t, k, v) rawset(t, k, v) end,
  __add = function(a, b) return 1 end, __sub = function(a, b) return 2 end,
  __mul = function(a, b) return 3 end, __div = function(a, b) return 4 end,
  __mod = function(a, b) return 5 end, __pow = function(a, b) return 6 end,
  __idiv = function(a, b) return 7 end, __band = function(a, b) return 8 end,
  __bor = function(a, b) return 9 end, __bxor = function(a, b) return 10 end,
  __shl = function(a, b) return 11 end, __shr = function(a, b) return 12 end,
  __unm = function(a) return 13 end, __bnot = function(a) return 14 end,
  __len = function(a) return 15 end, __concat = function(a, b) return "c" end,
  __eq = function(a, b) return true end, __lt = function(a, b) return true end,
  __le = function(a, b) return false end, __call = function(self, x) return x end,
  __close = function() end,
}
local proto = {}
local chain = setmetatable({}, {__index = proto})
function proto.get(self) return self.v end

local function varargs(...)
  local a, b = ...
  local t = {...}
  return select("#", ...) + #t + (a or 0), b
end
local function three() return 1, 2, 3 end
local function none() end
local function tail(n) if n > 0 then return tail(n - 1) end return n end
local function native_tail(s) return string.len(s) end
local function iter(s, i) if i < 3 then return i + 1, i end end
local function two(a, b) return (b or 0) + 1 end
local function tail_short(a) return two(a) end

local up = 0
local acc = 0
local function run(n)
for i = 1, n do
  local t = {1, 2, 3, x = 1, y = "s"}
  local o = setmetatable({}, mt)
  local f = 0.5
  local s = "ab" .. i
  local nilv = nil
  local b = true
  up = up + 1
  local get = function() return up end
  -- loads, tables, fields, self
  t[4] = t[1] + t.x; t.z = i; t[i % 7 + 10] = s; t[s] = 1; chain.v = i
  acc = acc + t[2] + #t + chain:get() + (o.missing and 1 or 0) + o[5] % 2
  acc = acc + t[s] + (t[f] or 0) + (t[b] and 1 or 0) + (t[t] or 0)
  o.new = 1; o[100] = 2; rawset(o, "new", nil); rawset(o, 100, nil)
  local missing = undefined_global
  -- arithmetic: integers, floats, constants, immediates, strings, metamethods
  local x = i + 1 - 2 * 3 // 2 % 5
  local y = f + 1.5 - f * 2.0 / 4 ^ 2
  x = x + (i & 3) + (i | 1) + (i ~ 2) + (i << 1) + (i >> 1) + ~i + -i
  x = x + (i & x) + (i | x) + (i ~ x) + (1 << (i % 8)) + (x >> 2) + (f // 1) + (i % 3.0)
  y = y + "2" + ("3" * 1) + -f + (2 ^ i % 3) + (i / 7) + (i // 3.5)
  acc = acc + (o + 1) + (1 - o) + (o * o) + (o / 2) + (o % 3) + (o ^ 2) + (o // 1)
  acc = acc + (o & 1) + (o | 1) + (o ~ 1) + (o << 1) + (o >> 1) + -o + ~o + #o
  acc = acc + (2.0 & 3) + (1.0 << 2)
  -- comparisons and tests
  if i == x or i < x or i <= x or i > 5 or i >= 5.5 or i == 3 or s == "ab1" or o == chain then acc = acc + 1 end
  if f < y or f <= 1 or "a" < s or o < o or o <= o or f > 0 or f >= 0 or not b or nilv then acc = acc + 1 end
  local either = nilv or b
  local both = b and s
  -- strings
  local c = s .. i .. f .. (o .. "x")
  acc = acc + #c + (#"abc")
  -- calls, returns, varargs, tail calls
  local p, q = varargs(1, 2, 3)
  local r1, r2, r3 = three()
  none()
  acc = acc + p + (q or 0) + r1 + r2 + r3 + tail(2) + native_tail(s) + o(1) + get()
  acc = acc + select(2, three()) + math.max(three()) + (pcall(three) and 1 or 0)
  -- missing parameters, and one result padded to several
  local g1, g2 = get()
  acc = acc + two(i) + tail_short(i) + g1 + (g2 or 0)
  -- loops
  for j = 1, 2 do acc = acc + j end
  for j = 1.0, 2.0, 0.5 do acc = acc + j end
  for _, v in ipairs(t) do acc = acc + v end
  for k in pairs({a = 1}) do acc = acc + #k end
  for a, v in iter, nil, 0 do acc = acc + a + v end
  do local closing <close> = o end
  local more = {three()}
  acc = acc + #more
end
end

run(N)
print(acc, up)
-- Again with a count hook, so that every instruction goes through the hooked table.
local hooks = 0
debug.sethook(function() hooks = hooks + 1 end, "", 1000)
run(N)
debug.sethook()
print(acc, up, hooks > 0)
