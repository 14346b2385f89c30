-- io.stderr writes go to standard error, unbuffered
io.stderr:write("first to stderr\n")
print("to stdout")
io.stderr:write("second ", 2, " ", 2.5, "\n")
print(io.stderr:write("") == io.stderr)
error("stop here")
