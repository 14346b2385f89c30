-- buffered output is written out when os.exit ends the script
io.write("no newline at the end")
os.exit(0)
