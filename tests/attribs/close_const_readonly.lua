-- to-be-closed variables are read-only too
print(select(2, load("local x <close> = nil x = 1")))
