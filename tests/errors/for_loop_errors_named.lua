-- errors in for loop headers are named after the loop parts
print(pcall(function() local t = {} for i = t, 1 do end end))
print(pcall(function() for i = 1, nil do end end))
print(pcall(function() for i = 1, 2, "x" do end end))
