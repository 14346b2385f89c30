-- a captured variable outlives the block that declared it
local get, set
do
  local hidden = "start"
  get = function() return hidden end
  set = function(v) hidden = v end
end
set("changed")
print(get())
