-- text written to io.stderr is kept apart from stdout
io.stderr:write("to stderr\n")
print("to stdout")
