-- an uncaught error in a nested call ends the script with its position
local function inner(t) return t.field.sub end
local function outer() return inner({}) end
print("calling")
outer()
