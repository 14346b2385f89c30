-- an uncaught modulo by zero ends the script with the 'n%%0' message
local zero = 0
print("before")
print(10 % zero)
