-- __close receives the value and nil on a normal exit
do
  local x <close> = setmetatable({}, {__close = function(v, e) print(type(v), e) end})
end
