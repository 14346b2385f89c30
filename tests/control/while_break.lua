-- while loops test first; break leaves the innermost loop
local i = 0
while true do i = i + 1 if i >= 5 then break end end
print(i)
while false do print("never") end
local n = 0
while n < 3 do
  for j = 1, 10 do if j > 2 then break end n = n + 0.5 end
end
print(n)
