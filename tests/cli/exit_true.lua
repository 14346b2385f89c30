-- os.exit(true) ends the script successfully
print("ok")
os.exit(true)
