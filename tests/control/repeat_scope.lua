-- the until condition sees locals declared in the loop body
local i = 0
repeat local done = i >= 3; i = i + 1 until done
print(i)
repeat print("runs once") until true
