-- arithmetic on numeric strings goes through the string metamethods
print("10" + 1, "3" * "4", "10" - 2.5, "7" % "3", "2" ^ "10", "7" / "2", "7" // "2")
print(-"2", -"2.5", "0x10" + 0, " 5 " + 1, "1e2" + 0, "10" + "0.5")
print(math.type("10" + 1), math.type("10" + 1.0), math.type("10.0" + 1), math.type("7" // "2"))
print("-7" // "2", "-7" % "2", "7.5" // "2", "-0" + 0)
