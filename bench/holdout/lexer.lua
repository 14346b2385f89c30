-- lexer: a hand-written tokenizer for a small C-like language run over about 200 KB of generated source: string.byte, string.sub, anchored and plain string.find, keyword lookup in a table, a token array per pass (8 passes), token counts by kind.
local byte, sub, find, char = string.byte, string.sub, string.find, string.char

-- a deterministic source text, built piece by piece and joined once
local seed = 42
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648; return (seed >> 8) % n end
local names = {"x", "y", "count", "total", "buf", "node", "left", "right", "acc", "i", "j", "tmp", "value", "next_item", "_k"}
local function name() local s = names[rnd(#names) + 1]; if rnd(3) == 0 then s = s .. rnd(100) end; return s end
local function number()
  local k = rnd(6)
  if k == 0 then return string.format("%d.%d", rnd(1000), rnd(100))
  elseif k == 1 then return string.format("0x%X", rnd(65536))
  else return tostring(rnd(10000)) end
end
local words = {"alpha", "beta", "gamma", "hello world", "a\\tb", "quote \\\" inside", "x=1", "", "done\\n"}
local binops = {"+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "<<", ">>"}
local expr
local function atom(d)
  local k = rnd(6)
  if k == 0 then return number()
  elseif k == 1 and d < 3 then return "(" .. expr(d + 1) .. ")"
  elseif k == 2 and d < 3 then return name() .. "(" .. expr(d + 1) .. ", " .. atom(d + 1) .. ")"
  elseif k == 3 then return '"' .. words[rnd(#words) + 1] .. '"'
  elseif k == 4 then return "-" .. name()
  else return name() end
end
function expr(d)
  local s = atom(d)
  for _ = 1, rnd(3) do s = s .. " " .. binops[rnd(#binops) + 1] .. " " .. atom(d) end
  return s
end
local out = {}
local function emit(s) out[#out + 1] = s end
local function block(depth, indent)
  for _ = 1, rnd(4) + 1 do
    local k = rnd(8)
    if k == 0 and depth < 3 then
      emit(indent .. "if (" .. expr(0) .. ") {\n"); block(depth + 1, indent .. "  ")
      if rnd(2) == 0 then emit(indent .. "} else {\n"); block(depth + 1, indent .. "  ") end
      emit(indent .. "}\n")
    elseif k == 1 and depth < 3 then
      emit(indent .. "while (" .. expr(0) .. ") {\n"); block(depth + 1, indent .. "  "); emit(indent .. "}\n")
    elseif k == 2 then emit(indent .. "return " .. expr(0) .. ";\n")
    elseif k == 3 then emit(indent .. "// note " .. rnd(1000) .. ": " .. name() .. " -> " .. name() .. "\n")
    elseif k == 4 then emit(indent .. "/* block\n" .. indent .. "   comment " .. rnd(99) .. " */\n")
    elseif k == 5 then emit(indent .. "let " .. name() .. " = " .. expr(0) .. ";\n")
    else emit(indent .. name() .. " = " .. expr(0) .. ";\n") end
  end
end
local fcount = 0
local size = 0
while size < 200000 do
  fcount = fcount + 1
  local before = #out
  emit("fn f" .. fcount .. "(a, b, " .. name() .. ") {\n")
  block(0, "  ")
  emit("}\n\n")
  for i = before + 1, #out do size = size + #out[i] end
end
local src = table.concat(out)

-- the tokenizer
local keywords = {}
for _, k in ipairs({"fn", "let", "if", "else", "while", "return"}) do keywords[k] = true end
local ops2 = {}
for _, o in ipairs({"==", "!=", "<=", ">=", "&&", "||", "<<", ">>", "->"}) do ops2[o] = true end
local ops1, punct = {}, {}
for c in ("+-*/%<>=!"):gmatch(".") do ops1[byte(c)] = true end
for c in ("(){},;"):gmatch(".") do punct[byte(c)] = true end

-- lex returns the tokens as two parallel arrays: kinds and texts
local function lex(src)
  local kinds, texts, nt = {}, {}, 0
  local function tok(kind, text) nt = nt + 1; kinds[nt] = kind; texts[nt] = text end
  local lines = 1
  local pos, n = 1, #src
  while pos <= n do
    local c = byte(src, pos)
    if c == 10 then
      lines = lines + 1; pos = pos + 1
    elseif c == 32 or c == 9 or c == 13 then
      local _, e = find(src, "^[ \t\r]+", pos)
      pos = e + 1
    elseif (c >= 97 and c <= 122) or (c >= 65 and c <= 90) or c == 95 then
      local _, e = find(src, "^[%w_]*", pos + 1)
      local word = sub(src, pos, e)
      tok(keywords[word] and "keyword" or "ident", word)
      pos = e + 1
    elseif c >= 48 and c <= 57 then
      if c == 48 and byte(src, pos + 1) == 120 then
        local _, e = find(src, "^%x+", pos + 2)
        tok("int", sub(src, pos, e))
        pos = e + 1
      else
        local e = pos
        while true do local d = byte(src, e + 1); if d and d >= 48 and d <= 57 then e = e + 1 else break end end
        if byte(src, e + 1) == 46 then
          local _, fe = find(src, "^%d+", e + 2)
          tok("float", sub(src, pos, fe))
          pos = fe + 1
        else
          tok("int", sub(src, pos, e))
          pos = e + 1
        end
      end
    elseif c == 34 then
      local p = pos + 1
      while true do
        local q = find(src, '["\\]', p)
        if byte(src, q) == 92 then p = q + 2 else p = q; break end
      end
      tok("string", sub(src, pos + 1, p - 1))
      pos = p + 1
    elseif c == 47 and byte(src, pos + 1) == 47 then
      local e = find(src, "\n", pos, true)
      tok("comment", sub(src, pos, e - 1))
      pos = e
    elseif c == 47 and byte(src, pos + 1) == 42 then
      local _, e = find(src, "*/", pos + 2, true)
      local text = sub(src, pos, e)
      for _ in text:gmatch("\n") do lines = lines + 1 end
      tok("comment", text)
      pos = e + 1
    elseif ops2[sub(src, pos, pos + 1)] then
      tok("op", sub(src, pos, pos + 1))
      pos = pos + 2
    elseif ops1[c] then
      tok("op", char(c))
      pos = pos + 1
    elseif punct[c] then
      tok("punct", char(c))
      pos = pos + 1
    else
      error(string.format("unexpected character %q at %d", char(c), pos))
    end
  end
  return kinds, texts, nt, lines
end

local function summarize(kinds, texts, nt)
  local counts = {keyword = 0, ident = 0, int = 0, float = 0, string = 0, op = 0, punct = 0, comment = 0}
  local kwcount = {}
  local intsum, identlen, strlen = 0, 0, 0
  for i = 1, nt do
    local k, t = kinds[i], texts[i]
    counts[k] = counts[k] + 1
    if k == "keyword" then kwcount[t] = (kwcount[t] or 0) + 1
    elseif k == "ident" then identlen = identlen + #t
    elseif k == "int" then intsum = intsum + math.tointeger(tonumber(t))
    elseif k == "string" then strlen = strlen + #t end
  end
  return counts, kwcount, intsum, identlen, strlen
end

local kinds, texts, nt, lines
for _ = 1, 8 do kinds, texts, nt, lines = lex(src) end
local counts, kwcount, intsum, identlen, strlen = summarize(kinds, texts, nt)
print(string.format("source %d bytes, %d lines, %d functions", #src, lines, fcount))
local total = 0
for _, k in ipairs({"keyword", "ident", "int", "float", "string", "op", "punct", "comment"}) do
  print(string.format("%-8s %d", k, counts[k]))
  total = total + counts[k]
end
local kw = {}
for _, k in ipairs({"fn", "let", "if", "else", "while", "return"}) do kw[#kw + 1] = k .. "=" .. (kwcount[k] or 0) end
print(table.concat(kw, " "))
print(string.format("tokens %d intsum %d identlen %d strlen %d", total, intsum, identlen, strlen))
