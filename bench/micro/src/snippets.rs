//! The Lua snippets the micro-benchmarks time. Each is a chunk called once with a size
//! `n` (its `...`): it builds whatever data it needs, then returns the function that is
//! timed, which does about `n` repetitions of one operation and returns an integer
//! checksum (so the work cannot be skipped, and the tests can check it against the
//! reference Lua 5.4).

/// Dispatch: integer arithmetic and moves between locals in a numeric `for` loop
/// (`ADD`, `SUB`, `MUL`, `MODK`, `MOVE`, `FORLOOP`), `n` iterations.
pub const DISPATCH_ARITHMETIC: &str = r#"
local n = ...
return function()
  local a, b, c = 1, 2, 3
  for i = 1, n do
    local previous = a
    a = b + i
    b = c - previous
    c = (a * 3 + b) % 1000003
  end
  return a + b + c
end
"#;

/// Calls: a Lua-to-Lua call of a two-argument function returning one result, in a
/// loop, `n` calls.
pub const CALL_AND_RETURN: &str = r#"
local n = ...
local function add(a, b) return a + b end
return function()
  local sum = 0
  for i = 1, n do sum = add(sum, i) end
  return sum
end
"#;

/// Calls: naive recursive Fibonacci, non-tail calls nested up to `n` deep
/// (fib(n) makes about 1.6^n calls).
pub const CALL_RECURSIVE_FIB: &str = r#"
local n = ...
local function fib(k)
  if k < 2 then return k end
  return fib(k - 1) + fib(k - 2)
end
return function() return fib(n) end
"#;

/// Tables: reads `t[i]` from a 1,000-element array part, `n` reads.
pub const TABLE_GET_ARRAY: &str = r#"
local n = ...
local t = {}
for i = 1, 1000 do t[i] = i end
return function()
  local sum = 0
  for round = 1, n // 1000 do
    for i = 1, 1000 do sum = sum + t[i] end
  end
  return sum
end
"#;

/// Tables: overwrites `t[i]` in a 1,000-element array part, `n` writes.
pub const TABLE_SET_ARRAY: &str = r#"
local n = ...
local t = {}
for i = 1, 1000 do t[i] = 0 end
return function()
  for round = 1, n // 1000 do
    for i = 1, 1000 do t[i] = i + round end
  end
  return t[1] + t[1000]
end
"#;

/// Tables: reads integer keys that live in the hash part (1,000 keys 1024 apart, far
/// too sparse for the array part), `n` reads.
pub const TABLE_GET_INTEGER_HASH: &str = r#"
local n = ...
local t = {}
for i = 1, 1000 do t[i * 1024] = i end
return function()
  local sum = 0
  for round = 1, n // 1000 do
    for key = 1024, 1024000, 1024 do sum = sum + t[key] end
  end
  return sum
end
"#;

/// Tables: overwrites integer keys that live in the hash part, `n` writes.
pub const TABLE_SET_INTEGER_HASH: &str = r#"
local n = ...
local t = {}
for i = 1, 1000 do t[i * 1024] = 0 end
return function()
  for round = 1, n // 1000 do
    for key = 1024, 1024000, 1024 do t[key] = key + round end
  end
  return t[1024] + t[1024000]
end
"#;

/// Tables: reads existing fields by constant string key (`point.x`, `GETFIELD`), `n`
/// reads.
pub const TABLE_GET_STRING_FIELD: &str = r#"
local n = ...
local point = {x = 1, y = 2, z = 3, w = 4}
return function()
  local sum = 0
  for i = 1, n // 4 do
    sum = sum + point.x + point.y + point.z + point.w
  end
  return sum
end
"#;

/// Tables: overwrites existing fields by constant string key (`SETFIELD`), `n`
/// writes.
pub const TABLE_SET_STRING_FIELD: &str = r#"
local n = ...
local point = {x = 0, y = 0, z = 0, w = 0}
return function()
  for i = 1, n // 4 do
    point.x = i; point.y = i + 1; point.z = i + 2; point.w = i + 3
  end
  return point.x + point.y + point.z + point.w
end
"#;

/// Tables: adds eight new string-keyed fields to empty tables (the hash part grows
/// at the first, second, third and fifth), `n` insertions.
pub const TABLE_NEW_STRING_FIELD: &str = r#"
local n = ...
return function()
  local sum = 0
  for i = 1, n // 8 do
    local record = {}
    record.a = i; record.b = i; record.c = i; record.d = i
    record.e = i; record.f = i; record.g = i; record.h = i
    sum = sum + record.h
  end
  return sum
end
"#;

/// Strings: `tostring` of a number never converted before, so every result is a new
/// short string to intern (and, later, collect), `n` strings.
pub const STRING_INTERN_DISTINCT: &str = r#"
local n = ...
local serial = 1000000
return function()
  local length = 0
  for i = 1, n do
    serial = serial + 1
    length = length + #tostring(serial)
  end
  return length
end
"#;

/// Strings: `tostring` of the same number, so every result is found already
/// interned: the same work as the distinct case but for the insertion, `n` strings.
pub const STRING_INTERN_SAME: &str = r#"
local n = ...
local serial = 1000000
return function()
  local length = 0
  for i = 1, n do
    length = length + #tostring(serial)
  end
  return length
end
"#;

/// Concatenation: `..` of four short strings (one `CONCAT`, a short result), `n`
/// concatenations.
pub const CONCAT_OPERATOR: &str = r#"
local n = ...
local words = {"alpha", "beta", "gamma", "delta"}
return function()
  local length = 0
  for i = 1, n do
    local pair = words[i % 4 + 1] .. "=" .. words[(i + 1) % 4 + 1] .. ";"
    length = length + #pair
  end
  return length
end
"#;

/// Concatenation: `table.concat` of `n` short strings with a separator.
pub const CONCAT_TABLE: &str = r#"
local n = ...
local parts = {}
for i = 1, n do parts[i] = "w" .. i end
return function() return #table.concat(parts, ",") end
"#;

/// Collector: `n` short-lived three-slot tables, then `collectgarbage("collect")`.
pub const GC_SHORT_LIVED_TABLES: &str = r#"
local n = ...
return function()
  local sum = 0
  for i = 1, n do
    local t = {i, i + 1, x = i}
    sum = sum + t[2]
  end
  collectgarbage("collect")
  return sum
end
"#;

/// Collector: `collectgarbage("collect")` with `n` live one-slot tables in the heap.
pub const GC_FULL_COLLECT_LIVE: &str = r#"
local n = ...
local live = {}
for i = 1, n do live[i] = {i} end
return function()
  collectgarbage("collect")
  return #live
end
"#;
