-- The generic for over `next` and the `ipairs` iterator: the interpreter runs their
-- ordinary steps inline, and must give the same results, errors and hooks as calls.

-- One, two and three loop variables (the third is always nil).
local t = {10, 20, 30, x = "a"}
local n = 0
for k in pairs(t) do n = n + 1 end
print("keys", n)
for i, v, extra in ipairs(t) do print("ipairs", i, v, extra) end
for k, v, extra in next, {7} do print("next", k, v, extra) end

-- ipairs stops at the first nil, and follows __index when there is a metatable.
local holes = {1, 2, nil, 4}
for i, v in ipairs(holes) do print("holes", i, v) end
local proxied = setmetatable({}, {__index = function(_, i) if i <= 3 then return i * i end end})
for i, v in ipairs(proxied) do print("proxied", i, v) end

-- A metatable set in the middle of a loop is seen by the next step.
local late = {1, 2, 3}
for i, v in ipairs(late) do
  print("late", i, v)
  if i == 1 then setmetatable(late, {__index = function() return "meta" end}) late[3] = nil end
  if i >= 4 then break end
end

-- ipairs over a non-table with __index, and a string through the string metatable.
print(pcall(function() for i, v in ipairs(nil) do end end))
print(pcall(function() for i, v in ipairs("abc") do print("str", i, v) end end))

-- A key next does not know is an error from next itself.
print(pcall(function() for k, v in next, {a = 1}, "missing" do end end))
print(select(2, pcall(next, {}, "missing")))

-- pairs returns next itself; a __pairs metamethod replaces it.
print(select(1, pairs({})) == next)
local custom = setmetatable({}, {__pairs = function(t) return function(_, k) if not k then return 1, "one" end end, t, nil end})
for k, v in pairs(custom) do print("custom", k, v) end

-- Call hooks see every call to the iterator, inline case or not.
local calls = 0
debug.sethook(function(event) calls = calls + 1 end, "c")
for _ in pairs({1, 2, 3}) do end
for _ in ipairs({1, 2}) do end
debug.sethook()
print("hooked calls", calls)

-- The control variable may be changed by nothing but the loop: a copy is assigned.
local seen = {}
for k, v in pairs({a = 1, b = 2, c = 3}) do seen[#seen + 1] = k .. "=" .. v; k = nil end
table.sort(seen)
print(table.concat(seen, " "))

-- Integer keys in the hash part and float keys.
local mixed = {[1.5] = "f", [-1] = "neg", [2^53] = "big"}
local count = 0
for k, v in pairs(mixed) do count = count + 1 end
print("mixed", count)
