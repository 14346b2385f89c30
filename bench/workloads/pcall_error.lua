-- pcall_error: raises errors (strings and tables, at several call depths) and catches
-- them with pcall and xpcall. Measures protected calls and error unwinding.
local n = ({ tiny = 1000, small = 30000, full = 2000000 })[... or "full"]

local function validate(value)
  if value % 3 == 0 then error({ code = value % 10 }) end
  if value % 5 == 0 then error("not allowed", 0) end
  return value
end

local function nested(value, depth)
  if depth == 0 then return validate(value) end
  return nested(value, depth - 1) + 0
end

local function handler(err) return err end

local ok_count, table_errors, string_errors, code_sum = 0, 0, 0, 0
for i = 1, n do
  local ok, result
  if i % 2 == 0 then
    ok, result = pcall(nested, i, i % 4)
  else
    ok, result = xpcall(nested, handler, i, i % 4)
  end
  if ok then
    ok_count = ok_count + 1
  elseif type(result) == "table" then
    table_errors = table_errors + 1
    code_sum = code_sum + result.code
  else
    string_errors = string_errors + #result
  end
end
print(string.format("ok=%d table errors=%d string error bytes=%d code sum=%d",
  ok_count, table_errors, string_errors, code_sum))
