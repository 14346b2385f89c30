-- os.exit with a number ends the script with that status
print("before exit")
os.exit(3)
print("never")
