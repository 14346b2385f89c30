-- table.sort with comparators: descending, by field, by several keys; results independent of stability
local t = {5, 2, 8, 1, 9}
table.sort(t, function(a, b) return a > b end)
print(table.concat(t, " "))
local people = {{name = "ann", age = 30}, {name = "bob", age = 25}, {name = "cy", age = 30}, {name = "di", age = 20}}
table.sort(people, function(a, b)
  if a.age ~= b.age then return a.age < b.age end
  return a.name < b.name
end)
for _, p in ipairs(people) do io.write(p.name, ":", p.age, " ") end
print()
local words = {"ccc", "a", "bb", "dddd", "e"}
table.sort(words, function(a, b) return #a < #b or (#a == #b and a < b) end)
print(table.concat(words, " "))
local big = {}
for i = 1, 200 do big[i] = (i * 7919) % 211 end
table.sort(big)
local ok = true
for i = 2, #big do if big[i - 1] > big[i] then ok = false end end
print(ok, big[1], big[200])
table.sort(big, function(a, b) return a > b end)
print(big[1], big[200])
