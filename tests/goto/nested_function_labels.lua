-- each function has its own labels; the same name can be reused
local function f()
  goto l
  do return "skipped" end
  ::l::
  return "from f"
end
::l::
print(f())
