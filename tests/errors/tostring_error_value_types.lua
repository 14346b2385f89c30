-- error messages for values of each type
local cases = {
  function() return {} + 1 end,
  function() return print + 1 end,
  function() return coroutine.create(print) + 1 end,
  function() return io.stdout + 1 end,
  function() return true + 1 end,
}
for _, f in ipairs(cases) do print(select(2, pcall(f))) end
