-- if/elseif/else picks the first true branch
local function classify(n)
  if n < 0 then return "negative" elseif n == 0 then return "zero" elseif n < 10 then return "small" else return "large" end
end
print(classify(-5), classify(0), classify(3), classify(100))
if nil then print("no") elseif false then print("no") else print("else branch") end
