-- closures_oop: objects as closures over their state (no metatables), with pcall of a method that errors.
local function Account(balance)
  local self = {}
  function self.deposit(v) balance = balance + v end
  function self.withdraw(v) if v > balance then error("insufficient") end balance = balance - v end
  function self.balance() return balance end
  return self
end
local total = 0
for i = 1, 100000 do
  local a = Account(100)
  a.deposit(i % 50)
  local ok = pcall(a.withdraw, 120)
  total = total + a.balance() + (ok and 1 or 0)
end
print(total)
