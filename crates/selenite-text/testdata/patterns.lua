-- Regenerates patterns.txt, the reference table of the pattern engine's tests, from
-- Lua 5.4.9:   cd crates/selenite-text/testdata && lua5.4.9 patterns.lua [scale]
-- Line format (tab-separated): operation, subject, pattern, argument, result.
-- Strings are escaped with \xNN for bytes outside [%w%p ] and for '\', ',', ';'.
-- A result is "err:<message>", or values separated by ',' (i<int>, s<string>, nil),
-- with ';' between the iterations of gmatch and "n=<count>" closing gsub's.
local scale = tonumber(arg[1]) or 1
math.randomseed(5409)

local function escape(s)
  return (s:gsub(".", function(c)
    if c:find("^[%w%p ]") and not c:find("^[\\,;]") then return c end
    return string.format("\\x%02x", c:byte())
  end))
end
local function pick(list) return list[math.random(#list)] end

local subject_chars = {"a", "a", "b", "c", "(", ")", "[", "]", "%", ".", " ", "1", "2", "x", "\0", "\n", "A", "-", "^", "$", "\200"}
local function random_subject()
  local t = {}
  for i = 1, pick{0, 1, 3, 6, 10, 20} do t[i] = pick(subject_chars) end
  return table.concat(t)
end

local singles = {"a", "b", "c", "x", ".", "%a", "%A", "%d", "%D", "%s", "%S", "%w", "%W", "%p", "%P",
  "%l", "%L", "%u", "%U", "%x", "%X", "%c", "%C", "%g", "%G", "%z", "%Z", "%.", "%(", "%)", "%%",
  "%[", "%]", "%-", "[abc]", "[^a]", "[a-c]", "[%a_]", "[a-]", "[]]", "[^]a]", "[%]]", "[%d-z]",
  "[.]", "[^%s]", " ", "1", "\0", "[\0-\31]", "\200", "[\128-\255]", "]", "^"}
local function random_item(depth)
  local r = math.random(20)
  if r <= 12 then
    return pick(singles) .. pick{"", "", "", "*", "+", "-", "?"}
  elseif r == 13 and depth < 3 then
    local inner = {}
    for i = 1, math.random(0, 3) do inner[i] = random_item(depth + 1) end
    return "(" .. table.concat(inner) .. ")"
  elseif r == 14 then
    return "()"
  elseif r == 15 then
    return "%" .. math.random(0, 3)
  elseif r == 16 then
    return pick{"%b()", "%b[]", "%bab", "%b", "%bx"}
  elseif r == 17 then
    return pick{"%f[%w]", "%f[%W]", "%f[a]", "%f[^%z]", "%fa", "%f[%s]"}
  elseif r == 18 then
    return pick{"%", "[a", "(", ")", "[^", "[%", "%q", "$", "%y*"}
  else
    return pick(singles)
  end
end
local function random_pattern()
  local t = {}
  if math.random(5) == 1 then t[1] = "^" end
  for _ = 1, math.random(0, 5) do t[#t + 1] = random_item(0) end
  if math.random(6) == 1 then t[#t + 1] = "$" end
  return table.concat(t)
end

local function show(...)
  local t = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    if v == nil then t[i] = "nil"
    elseif math.type(v) == "integer" then t[i] = "i" .. v
    else t[i] = "s" .. escape(v) end
  end
  return table.concat(t, ",")
end
local function run(f, ...)
  local r = table.pack(pcall(f, ...))
  if not r[1] then return "err:" .. escape((tostring(r[2]):gsub("^patterns%.lua:%d+: ", ""))) end
  return show(table.unpack(r, 2, r.n))
end
local function gmatch_all(s, p, init)
  local iterations = {}
  for _ = 1, 50 do
    local r = table.pack(gmatch_step())
    if r.n == 0 or r[1] == nil then break end
    iterations[#iterations + 1] = show(table.unpack(r, 1, r.n))
  end
  return table.concat(iterations, ";")
end

local out = assert(io.open("patterns.txt", "w"))
local function emit(op, s, p, argument, result)
  out:write(op, "\t", escape(s), "\t", escape(p), "\t", argument, "\t", result, "\n")
end
local fixed = {
  {"hello world", "o w"}, {"hello", "l+"}, {"THE (quick) fox", "%((%a+)%)"}, {"  x", "%S"},
  {"x = (a(b)c)", "%b()"}, {"THE quick", "%f[%a]%a+"}, {"aaa", "a-b"}, {"abc", "()%1"},
  {"abc", "(a"}, {"abc", "%1"}, {"abc", "(a)%2"}, {"abc", "%"}, {"abc", "[a"}, {"abc", "(()"},
  {"abc", "a)"}, {"abc", "%f"}, {"abc", "%fa"}, {"abc", "%b"}, {"abc", "%ba"}, {"", ""}, {"", "$"},
  {"abc", "^$"}, {"a.b", "."}, {"a+b", "a+b"}, {"a+b", "a%+b"}, {"key = value", "(%w+)%s*=%s*(%w+)"},
  {string.rep("a", 40), string.rep("(a)", 33)}, {string.rep("a", 40), string.rep("(a)", 32)},
  {string.rep("a", 300), string.rep("a?", 300) .. string.rep("a", 300)},
  {string.rep("a", 198), string.rep("a?", 198)}, {string.rep("a", 300), string.rep("a", 300)},
  {"hello", "()ll()"}, {"abcabc", "(abc)%1"}, {"[[x]]", "%[(%b[])%]"}, {"a\0b", "%z"}, {"a\0b", "[%z]"},
}
for _, case in ipairs(fixed) do
  local s, p = case[1], case[2]
  emit("find", s, p, "1", run(string.find, s, p))
  emit("match", s, p, "1", run(string.match, s, p))
  emit("gsub", s, p, "<%0>", run(string.gsub, s, p, "<%0>"))
end
for _ = 1, 2000 * scale do
  local s, p = random_subject(), random_pattern()
  local init = pick{1, 1, 1, 2, -1, -3, 0, 30}
  emit("find", s, p, tostring(init), run(string.find, s, p, init))
  emit("match", s, p, tostring(init), run(string.match, s, p, init))
  local ok, iterator = pcall(string.gmatch, s, p, init)
  gmatch_step = iterator
  local done, result = pcall(gmatch_all)
  if not done then result = "err:" .. escape((tostring(result):gsub("^patterns%.lua:%d+: ", ""))) end
  emit("gmatch", s, p, tostring(init), ok and result or "err:" .. escape(iterator))
  local repl = pick{"<%0>", "%1", "%2-%1", "x", "%%", "%", "%9", "", "[%1%1]", "%a"}
  local max = pick{"", "", "0", "1", "2", "-1"}
  emit("gsub", s, p, escape(repl) .. "|" .. max, run(string.gsub, s, p, repl, tonumber(max)))
end
out:close()
