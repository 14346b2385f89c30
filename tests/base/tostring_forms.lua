-- tostring of numbers, booleans and nil; a missing argument is an error
print(tostring(10), tostring(10.0), tostring(-0.0), tostring(1e300), tostring(true), tostring(nil))
print(pcall(tostring))
