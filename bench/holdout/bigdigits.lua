-- bigdigits: 2000 digits of pi (Rabinowitz-Wagon spigot) and of e (Sale's spigot) over arrays of small integers: integer // and %, inner loops over arrays, digits gathered with table.concat.
local function pi_digits(n)
  local len = (10 * n) // 3 + 1
  local a = {}
  for i = 1, len do a[i] = 2 end
  local out, k = {}, 0
  local function emit(d) if k < n then k = k + 1; out[k] = d end end
  local nines, predigit, started = 0, 0, false
  for _ = 1, n + 2 do
    local q = 0
    for i = len, 1, -1 do
      local x = 10 * a[i] + q * i
      local den = 2 * i - 1
      a[i] = x % den
      q = x // den
    end
    a[1] = q % 10
    q = q // 10
    if q == 9 then
      nines = nines + 1
    elseif q == 10 then
      emit(predigit + 1)
      for _ = 1, nines do emit(0) end
      predigit, nines = 0, 0
    else
      if started then emit(predigit) end
      started = true
      predigit = q
      for _ = 1, nines do emit(9) end
      nines = 0
    end
  end
  emit(predigit)
  return out
end

local function e_digits(n)
  local m = 2
  -- enough terms that m! > 10^(n+10): sum log10(i) over 2..m
  local lg = 0
  while lg < n + 10 do m = m + 1; lg = lg + math.log(m, 10) end
  local a = {}
  for i = 2, m do a[i] = 1 end
  local out = {2}
  for k = 2, n do
    local q = 0
    for i = m, 2, -1 do
      local x = 10 * a[i] + q
      a[i] = x % i
      q = x // i
    end
    out[k] = q
  end
  return out
end

local function show(name, d)
  print(name)
  -- the first 600 digits in lines of 50, then the last 50
  for first = 1, 551, 50 do print(table.concat(d, "", first, first + 49)) end
  print("...")
  print(table.concat(d, "", #d - 49, #d))
  local s = 0
  for i = 1, #d do s = (s * 7 + d[i] * i) % 1000003 end
  print("digits " .. #d .. " check " .. s)
end

show("pi", pi_digits(2000))
show("e", e_digits(2000))
