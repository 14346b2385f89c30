-- calling a non-function iterator names the "for iterator"
print(pcall(function() for x in 5 do end end))
print(pcall(function() for k, v in {} do end end))
