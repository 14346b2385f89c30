-- "\n", "\r", "\r\n" and "\n\r" each count as one line in error positions
print(select(2, load("\n\nerror()\n x x")))
print(select(2, load("\r\n\r\n x x")))
print(select(2, load("\n\r\n\r x x")))
print(select(2, load("\r\r x x")))
