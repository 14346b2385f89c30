-- select needs a number or "#"
print(pcall(select, "x", 1))
print(pcall(select, {}, 1))
print(select(1.0, "a"))
print(pcall(select, 1.5, "a"))
print(select("#", 1, 2), select("2", "a", "b"))
