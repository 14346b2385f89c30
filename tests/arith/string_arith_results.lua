-- string arithmetic follows the numeric subtype of the converted strings
print(math.type("10" + 0), math.type("10.0" + 0), math.type("1e2" * 1), math.type("0x7fffffffffffffff" + 0))
print("9223372036854775807" + 0, "9223372036854775808" + 0, "0xffffffffffffffff" + 0)
print("10" // "3", "10.0" // "3", "2" ^ 2, pcall(function() return "7" & "3" end))
