-- the script gets an arg table: the script name at 0, no arguments after it
print(arg[0], arg[1], #arg, type(arg[-1]))
print(select("#", ...))
