-- a value without __close cannot be assigned to a to-be-closed variable
print(pcall(function() local x <close> = {} end))
print(pcall(function() local y <close> = 42 end))
