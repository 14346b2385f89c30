-- debug.setcstacklimit is kept for compatibility: it checks its argument and answers the fixed limit
print(debug.setcstacklimit(100))
print(debug.setcstacklimit(1e9))
print(pcall(debug.setcstacklimit))
print(pcall(debug.setcstacklimit, "x"))
