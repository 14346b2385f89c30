-- f"str", f[[str]] and f{table} are calls without parentheses
local function f(x) return type(x), x end
print(f"lit")
print(f[[long]])
print((f{1}))
print(#f"abc")
print(("x"):rep(3))
