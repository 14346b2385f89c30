-- the limit and step are evaluated once, before the loop starts
local limit = 3
local count = 0
for i = 1, limit do limit = 10; count = count + 1 end
print(count, limit)
