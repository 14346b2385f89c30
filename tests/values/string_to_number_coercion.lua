-- strings that look like numbers convert in arithmetic; result subtype follows the string
print("10" + 1, "10" + 1.0, "0x10" + 0, "1e1" + 0, " 5 " * 2, "3.0" + 0)
print("-7" // 2, "7" % "3", "2" ^ "3", -"2", -"2.5", "10" / "4")
print(pcall(function() return "abc" + 1 end))
print(pcall(function() return "1 2" + 1 end))
