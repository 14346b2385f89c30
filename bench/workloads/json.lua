-- json: a small JSON encoder and recursive-descent decoder written in Lua, used for
-- an encode -> decode -> encode round trip of a generated document. Measures string
-- scanning with find/sub/byte, string building, and table construction.
local rounds = ({ tiny = 1, small = 5, full = 100 })[... or "full"]

local escapes = { ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f",
  ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }

local function escape_char(c)
  return escapes[c] or string.format("\\u%04x", c:byte())
end

local encode_value

local function is_array(t)
  local count = 0
  for _ in pairs(t) do count = count + 1 end
  return count == #t
end

local function encode_table(t, out)
  if is_array(t) then
    out[#out + 1] = "["
    for i = 1, #t do
      if i > 1 then out[#out + 1] = "," end
      encode_value(t[i], out)
    end
    out[#out + 1] = "]"
    return
  end
  local keys = {}
  for key in pairs(t) do keys[#keys + 1] = key end
  table.sort(keys)
  out[#out + 1] = "{"
  for i, key in ipairs(keys) do
    if i > 1 then out[#out + 1] = "," end
    encode_value(key, out)
    out[#out + 1] = ":"
    encode_value(t[key], out)
  end
  out[#out + 1] = "}"
end

function encode_value(value, out)
  local kind = type(value)
  if kind == "string" then
    out[#out + 1] = '"' .. value:gsub('[%c"\\]', escape_char) .. '"'
  elseif kind == "number" then
    if value == math.floor(value) and value > -1e15 and value < 1e15 then
      out[#out + 1] = string.format("%d", value)
    else
      out[#out + 1] = string.format("%.14g", value)
    end
  elseif kind == "boolean" then
    out[#out + 1] = tostring(value)
  elseif kind == "table" then
    encode_table(value, out)
  elseif value == nil then
    out[#out + 1] = "null"
  else
    error("cannot encode a " .. kind)
  end
end

local function encode(value)
  local out = {}
  encode_value(value, out)
  return table.concat(out)
end

local unescapes = { ['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f", n = "\n", r = "\r", t = "\t" }

local decode_value

local function skip_space(text, position)
  return text:find("[^ \t\r\n]", position) or #text + 1
end

local function decode_string(text, position)
  local parts = {}
  local index = position + 1
  while true do
    local stop = text:find('["\\]', index)
    if not stop then error("unterminated string at " .. position) end
    parts[#parts + 1] = text:sub(index, stop - 1)
    if text:sub(stop, stop) == '"' then
      return table.concat(parts), stop + 1
    end
    local escape = text:sub(stop + 1, stop + 1)
    if escape == "u" then
      parts[#parts + 1] = string.char(tonumber(text:sub(stop + 2, stop + 5), 16))
      index = stop + 6
    else
      parts[#parts + 1] = unescapes[escape] or error("bad escape at " .. stop)
      index = stop + 2
    end
  end
end

local function decode_array(text, position)
  local result = {}
  position = skip_space(text, position + 1)
  if text:sub(position, position) == "]" then return result, position + 1 end
  while true do
    local value
    value, position = decode_value(text, position)
    result[#result + 1] = value
    position = skip_space(text, position)
    local delimiter = text:sub(position, position)
    if delimiter == "]" then return result, position + 1 end
    if delimiter ~= "," then error("expected ',' or ']' at " .. position) end
    position = skip_space(text, position + 1)
  end
end

local function decode_object(text, position)
  local result = {}
  position = skip_space(text, position + 1)
  if text:sub(position, position) == "}" then return result, position + 1 end
  while true do
    local key
    key, position = decode_string(text, position)
    position = skip_space(text, position)
    if text:sub(position, position) ~= ":" then error("expected ':' at " .. position) end
    result[key], position = decode_value(text, skip_space(text, position + 1))
    position = skip_space(text, position)
    local delimiter = text:sub(position, position)
    if delimiter == "}" then return result, position + 1 end
    if delimiter ~= "," then error("expected ',' or '}' at " .. position) end
    position = skip_space(text, position + 1)
  end
end

function decode_value(text, position)
  local first = text:sub(position, position)
  if first == "{" then return decode_object(text, position) end
  if first == "[" then return decode_array(text, position) end
  if first == '"' then return decode_string(text, position) end
  if text:sub(position, position + 3) == "true" then return true, position + 4 end
  if text:sub(position, position + 4) == "false" then return false, position + 5 end
  if text:sub(position, position + 3) == "null" then return nil, position + 4 end
  local number_text = text:match("^-?%d+%.?%d*[eE]?[-+]?%d*", position)
  if not number_text then error("unexpected character at " .. position) end
  return tonumber(number_text), position + #number_text
end

local function decode(text)
  local value, position = decode_value(text, skip_space(text, 1))
  if skip_space(text, position) <= #text then error("trailing text at " .. position) end
  return value
end

local function make_document(count)
  local users = {}
  for i = 1, count do
    users[i] = {
      id = i,
      name = "user " .. i,
      email = "user" .. i .. "@example.com",
      score = i * 1.25,
      active = i % 3 ~= 0,
      tags = { "t" .. i % 5, "group\t" .. i % 7, 'quote"' .. i % 2 },
      address = { street = i .. " Main St", city = "Town " .. i % 20, zip = string.format("%05d", i * 37 % 100000) },
    }
  end
  return { version = 3, generator = "bench/json\n", users = users }
end

local document = make_document(200)
local total_length, checksum = 0, 0
for _ = 1, rounds do
  local text = encode(document)
  local decoded = decode(text)
  local again = encode(decoded)
  if again ~= text then error("round trip changed the document") end
  total_length = total_length + #text
  checksum = (checksum + #decoded.users + decoded.users[200].id + #decoded.users[17].tags[2]) % 1000000007
end
print(string.format("json: %d bytes encoded, checksum %d", total_length, checksum))
