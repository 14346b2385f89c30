-- print separates with tabs, ends with a newline, and uses tostring
print()
print(nil)
print(1, nil, 3)
print("a", "b", "")
print(setmetatable({}, {__tostring = function() return "obj" end}), 2.0)
