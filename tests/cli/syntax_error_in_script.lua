-- a syntax error in the script itself is reported with the file name and line
print("never printed")
local x = = 2
