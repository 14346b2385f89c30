-- getinfo 'n': name and namewhat for global, local, method, field, upvalue, metamethod and iterator calls
local function name()
  local i = debug.getinfo(2, "n")
  return tostring(i.name) .. "/" .. i.namewhat
end
function glob() local r = name(); return r end
local function loc() local r = name(); return r end
local t = {}
function t.fld() local r = name(); return r end
function t:meth() local r = name(); return r end
print(glob(), loc(), t.fld(), t:meth())
local function useup() local r = loc(); return r end
print(useup())
local function tailcalled() return loc() end
print(tailcalled())
local mt = setmetatable({}, {
  __index = function() local r = name(); return r end,
  __add = function() local r = name(); return r end,
  __call = function() local r = name(); return r end,
  __concat = function() local r = name(); return r end,
  __len = function() local r = name(); return r end,
  __unm = function() local r = name(); return r end,
  __lt = function() print("lt:", name()); return true end,
  __eq = function() print("eq:", name()); return true end,
  __close = function() print("close:", name()) end,
})
print(mt.x, mt + 1, mt(), mt .. "s", #mt, -mt)
local _ = mt < mt, mt == setmetatable({}, getmetatable(mt))
do local c <close> = mt end
print((function() local r = name(); return r end)())
for _ in function() print("iterator:", name()); return nil end do end
print(pcall(function() local r = name(); return r end))
print(debug.getinfo(1, "n").name, debug.getinfo(1, "n").namewhat == "")
print(debug.getinfo(print, "n").name, debug.getinfo(print, "n").namewhat)
