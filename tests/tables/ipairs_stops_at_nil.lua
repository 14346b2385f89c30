-- ipairs goes from 1 up to the first nil value
local t = {1, 2, nil, 4}
for i, v in ipairs(t) do io.write(i, "=", v, " ") end
print()
for i, v in ipairs({}) do print("never") end
local count = 0
for _ in ipairs({n = 3, [2] = 2}) do count = count + 1 end
print(count)
