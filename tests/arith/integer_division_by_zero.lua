-- integer // and % by zero are errors; float division gives inf or nan
print(pcall(function() local z = 0 return 1 // z end))
print(pcall(function() local z = 0 return 1 % z end))
print(1 / 0, -1 / 0, 1 // 0.0, 1 % 0.0 ~= 1 % 0.0)
print(pcall(function() return 5 // (2 - 2) end))
