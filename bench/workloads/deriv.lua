-- deriv: symbolic differentiation over Lisp-style cons cells (the Gabriel benchmark).
-- Measures allocation of many small tables, recursion and string-symbol comparison.
local rounds = ({ tiny = 100, small = 5000, full = 100000 })[... or "full"]

local function cons(head, tail) return { head, tail } end

local function list(...)
  local items, result = { ... }, nil
  for i = #items, 1, -1 do result = cons(items[i], result) end
  return result
end

local function map(f, cells)
  if cells == nil then return nil end
  return cons(f(cells[1]), map(f, cells[2]))
end

local deriv

local function deriv_quotient_term(term)
  return list("/", deriv(term), term)
end

function deriv(expr)
  if type(expr) ~= "table" then
    if expr == "x" then return 1 end
    return 0
  end
  local operator, operands = expr[1], expr[2]
  if operator == "+" then return cons("+", map(deriv, operands)) end
  if operator == "-" then return cons("-", map(deriv, operands)) end
  if operator == "*" then
    return list("*", expr, cons("+", map(deriv_quotient_term, operands)))
  end
  if operator == "/" then
    local numerator, denominator = operands[1], operands[2][1]
    return list("-",
      list("/", deriv(numerator), denominator),
      list("/", numerator, list("*", denominator, denominator, deriv(denominator))))
  end
  error("unknown operator " .. tostring(operator))
end

local function to_string(expr)
  if type(expr) ~= "table" then return tostring(expr) end
  local parts = {}
  while expr ~= nil do
    parts[#parts + 1] = to_string(expr[1])
    expr = expr[2]
  end
  return "(" .. table.concat(parts, " ") .. ")"
end

local function count_cells(expr)
  if type(expr) ~= "table" then return 0 end
  return 1 + count_cells(expr[1]) + count_cells(expr[2])
end

local input = list("+", list("*", 3, "x", "x"), list("*", "a", "x", "x"), list("*", "b", "x"), 5)
local result, cells = nil, 0
for _ = 1, rounds do
  result = deriv(input)
  cells = cells + count_cells(result)
end
print(to_string(result))
print(string.format("cells = %d", cells))
