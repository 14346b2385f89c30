-- method calls in tail position are tail calls too
local obj = {n = 0}
function obj:count(k) if k == 0 then return self.n end self.n = self.n + 1 return self:count(k - 1) end
print(obj:count(200000))
